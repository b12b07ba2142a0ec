package dev.photoreel.local.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates in moto what the template declares, with the template's names: the bucket, the jobs table (key
 * schema, indexes, TTL), the topic, and the state machine from the real definition file. S3 triggers become
 * a bucket notification into an SQS queue that {@link S3EventSource} consumes like a Lambda event source.
 * Notifications are captured through an SQS queue subscribed to the topic.
 */
final class StackResources {

    private static final Logger LOG = LoggerFactory.getLogger(StackResources.class);
    static final String S3_EVENTS_QUEUE = SamTemplate.STACK_NAME + "-s3-events";
    static final String NOTIFICATIONS_QUEUE = SamTemplate.STACK_NAME + "-notifications";

    /** What was created. */
    record Created(String bucket, String table, String topicArn, String stateMachineArn, String s3EventsQueueUrl,
            String notificationsQueueUrl, List<SamTemplate.S3Trigger> triggers) {
    }

    private StackResources() {
    }

    static Created create(SamTemplate template, LocalAws aws) throws IOException {
        String bucket = template.bucketName();
        aws.s3().createBucket(b -> b.bucket(bucket));

        SamTemplate.TableSpec table = template.table();
        aws.dynamoDb().createTable(b -> {
            b.tableName(table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(keys(table.keySchema()))
                    .attributeDefinitions(table.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                            .attributeName(String.valueOf(a.get("AttributeName"))).attributeType(String.valueOf(a.get("AttributeType"))).build()).toList());
            if (!table.globalSecondaryIndexes().isEmpty()) {
                b.globalSecondaryIndexes(table.globalSecondaryIndexes().stream().map(StackResources::index).toList());
            }
        });
        if (table.ttlAttribute() != null) {
            aws.dynamoDb().updateTimeToLive(b -> b.tableName(table.name())
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
        }

        for (String topic : template.topicNames()) {
            aws.sns().createTopic(b -> b.name(topic));
        }
        String topicArn = template.topicArn();

        SamTemplate.StateMachineSpec machine = template.stateMachine();
        String stateMachineArn = aws.sfn().createStateMachine(b -> b.name(machine.name()).definition(machine.definition())
                .roleArn("arn:aws:iam::" + SamTemplate.ACCOUNT_ID + ":role/" + SamTemplate.STACK_NAME + "-StateMachineRole")
                .type("STANDARD")).stateMachineArn();

        String eventsQueue = aws.sqs().createQueue(b -> b.queueName(S3_EVENTS_QUEUE)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
        String eventsQueueArn = queueArn(S3_EVENTS_QUEUE);
        List<SamTemplate.S3Trigger> triggers = template.s3Triggers();
        List<QueueConfiguration> configurations = new ArrayList<>();
        for (SamTemplate.S3Trigger trigger : triggers) {
            List<FilterRule> rules = new ArrayList<>();
            if (trigger.prefix() != null) {
                rules.add(FilterRule.builder().name("prefix").value(trigger.prefix()).build());
            }
            if (trigger.suffix() != null) {
                rules.add(FilterRule.builder().name("suffix").value(trigger.suffix()).build());
            }
            QueueConfiguration.Builder queue = QueueConfiguration.builder().id(trigger.functionLogicalId()).queueArn(eventsQueueArn)
                    .eventsWithStrings(trigger.events());
            if (!rules.isEmpty()) {
                queue.filter(NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(rules).build()).build());
            }
            configurations.add(queue.build());
        }
        if (configurations.isEmpty()) {
            throw new IllegalStateException(template.file() + " declares no S3 trigger (an S3 event on a function): uploads would start nothing");
        }
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(configurations)));

        String notifications = aws.sqs().createQueue(b -> b.queueName(NOTIFICATIONS_QUEUE)).queueUrl();
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn(NOTIFICATIONS_QUEUE)));

        LOG.info("Local resources created: bucket={} table={} topic={} stateMachine={} triggers={}", bucket, table.name(), topicArn,
                stateMachineArn, triggers);
        return new Created(bucket, table.name(), topicArn, stateMachineArn, eventsQueue, notifications, triggers);
    }

    static String queueArn(String name) {
        return "arn:aws:sqs:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":" + name;
    }

    private static List<KeySchemaElement> keys(List<Map<String, Object>> schema) {
        return schema.stream().map(k -> KeySchemaElement.builder().attributeName(String.valueOf(k.get("AttributeName")))
                .keyType(String.valueOf(k.get("KeyType"))).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static GlobalSecondaryIndex index(Map<String, Object> index) {
        Map<String, Object> projection = (Map<String, Object>) index.getOrDefault("Projection", Map.of("ProjectionType", "ALL"));
        return GlobalSecondaryIndex.builder().indexName(String.valueOf(index.get("IndexName")))
                .keySchema(keys((List<Map<String, Object>>) index.get("KeySchema")))
                .projection(Projection.builder().projectionType(ProjectionType.fromValue(String.valueOf(projection.get("ProjectionType"))))
                        .nonKeyAttributes((List<String>) projection.getOrDefault("NonKeyAttributes", null)).build())
                .build();
    }

}
