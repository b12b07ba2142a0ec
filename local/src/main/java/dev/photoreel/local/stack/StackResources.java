package dev.photoreel.local.stack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * schema, indexes, TTL), the topic, the SQS queues (with their dead-letter redrive), the bucket's notifications
 * into those queues, and the state machine from the real definition file. The functions' SQS event sources are
 * run by {@link EventSourceMapping}. Notifications are captured through an SQS queue subscribed to the topic.
 */
public final class StackResources {

    private static final Logger LOG = LoggerFactory.getLogger(StackResources.class);
    static final String NOTIFICATIONS_QUEUE = SamTemplate.STACK_NAME + "-notifications";

    /** What was created; {@code queueUrls} by the queues' logical ids. */
    record Created(String bucket, String table, String topicArn, String stateMachineArn, Map<String, String> queueUrls,
            String notificationsQueueUrl, List<SamTemplate.SqsEventSource> eventSources) {
    }

    private StackResources() {
    }

    static Created create(SamTemplate template, LocalAws aws, java.util.Optional<java.net.URI> pageOrigin) throws IOException {
        createStorage(template, aws);
        pageOrigin.ifPresent(origin -> allowPageUploads(template, aws, origin));
        createSecrets(template, aws);
        String bucket = template.bucketName();
        SamTemplate.TableSpec table = template.table();
        String topicArn = template.topicArn();
        String stateMachineArn = createStateMachine(template, aws);
        Map<String, String> queueUrls = createQueues(template, aws);

        List<QueueConfiguration> configurations = new ArrayList<>();
        for (SamTemplate.QueueNotification notification : template.queueNotifications()) {
            List<FilterRule> rules = new ArrayList<>();
            if (notification.prefix() != null) {
                rules.add(FilterRule.builder().name("prefix").value(notification.prefix()).build());
            }
            if (notification.suffix() != null) {
                rules.add(FilterRule.builder().name("suffix").value(notification.suffix()).build());
            }
            QueueConfiguration.Builder queue = QueueConfiguration.builder().id(notification.queueLogicalId())
                    .queueArn(queueArn(template.resourceName(notification.queueLogicalId()))).eventsWithStrings(notification.events());
            if (!rules.isEmpty()) {
                queue.filter(NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(rules).build()).build());
            }
            configurations.add(queue.build());
        }
        List<SamTemplate.SqsEventSource> eventSources = template.sqsEventSources();
        if (configurations.isEmpty() || eventSources.isEmpty()) {
            throw new IllegalStateException(template.file() + " declares no bucket notification into a queue, or no function consuming"
                    + " one (an SQS event): uploads would start nothing");
        }
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(configurations)));

        String notifications = createNotificationCapture(template, aws);

        LOG.info("Local resources created: bucket={} table={} topic={} stateMachine={} queues={} eventSources={}", bucket, table.name(),
                topicArn, stateMachineArn, queueUrls.keySet(), eventSources);
        return new Created(bucket, table.name(), topicArn, stateMachineArn, queueUrls, notifications, eventSources);
    }

    /** The template's queues, dead-letter queues wired by their redrive policies; returns their URLs by logical id. */
    public static Map<String, String> createQueues(SamTemplate template, LocalAws aws) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (SamTemplate.QueueSpec queue : template.queues()) {
            urls.put(queue.logicalId(), aws.sqs().createQueue(b -> b.queueName(queue.name())
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queue.visibilityTimeoutSeconds())))).queueUrl());
        }
        for (SamTemplate.QueueSpec queue : template.queues()) {
            if (queue.deadLetterQueueLogicalId() != null) {
                String redrive = "{\"deadLetterTargetArn\":\"" + queueArn(template.resourceName(queue.deadLetterQueueLogicalId()))
                        + "\",\"maxReceiveCount\":" + queue.maxReceiveCount() + "}";
                aws.sqs().setQueueAttributes(b -> b.queueUrl(urls.get(queue.logicalId())).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)));
            }
        }
        return urls;
    }

    /**
     * The bucket's CORS rules from the template, with the local API's origin where the template names the deployed API's
     * (the page is served by the API and PUTs to presigned URLs on S3's origin). moto runs without its global CORS, so,
     * as in AWS, a browser may PUT from that origin only and from no other.
     */
    static void allowPageUploads(SamTemplate template, LocalAws aws, java.net.URI origin) {
        List<software.amazon.awssdk.services.s3.model.CORSRule> rules = new ArrayList<>();
        for (Map<String, Object> rule : template.bucketCorsRules()) {
            var builder = software.amazon.awssdk.services.s3.model.CORSRule.builder()
                    .allowedOrigins(origin.getScheme() + "://" + origin.getAuthority())
                    .allowedMethods(strings(rule.get("AllowedMethods")))
                    .allowedHeaders(strings(rule.get("AllowedHeaders")))
                    .exposeHeaders(strings(rule.get("ExposedHeaders")));
            if (rule.get("Id") != null) {
                builder.id(String.valueOf(rule.get("Id")));
            }
            if (rule.get("MaxAge") != null) {
                builder.maxAgeSeconds(Integer.valueOf(String.valueOf(rule.get("MaxAge"))));
            }
            rules.add(builder.build());
        }
        if (!rules.isEmpty()) {
            aws.s3().putBucketCors(b -> b.bucket(template.bucketName()).corsConfiguration(c -> c.corsRules(rules)));
        }
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> values ? values.stream().map(String::valueOf).toList() : List.of();
    }

    /** The bucket, the table (key schema, indexes, TTL) and the topics, named as the template names them. */
    public static void createStorage(SamTemplate template, LocalAws aws) {
        String bucket = template.bucketName();
        aws.s3().createBucket(b -> b.bucket(bucket));

        createJobsTable(template, aws.dynamoDb(), template.table().name());
        for (String topic : template.topicNames()) {
            aws.sns().createTopic(b -> b.name(topic));
        }
    }

    /** A table made as the template makes the jobs table (key schema, indexes, TTL), under {@code name}. */
    public static void createJobsTable(SamTemplate template, DynamoDbClient dynamo, String name) {
        SamTemplate.TableSpec table = template.table();
        dynamo.createTable(b -> {
            b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(keys(table.keySchema()))
                    .attributeDefinitions(table.attributeDefinitions().stream().map(a -> AttributeDefinition.builder()
                            .attributeName(String.valueOf(a.get("AttributeName"))).attributeType(String.valueOf(a.get("AttributeType"))).build()).toList());
            if (!table.globalSecondaryIndexes().isEmpty()) {
                b.globalSecondaryIndexes(table.globalSecondaryIndexes().stream().map(StackResources::index).toList());
            }
        });
        if (table.ttlAttribute() != null) {
            dynamo.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
        }
    }

    /**
     * The template's generated secrets (the webhook signing key), each with a fresh random value from Secrets Manager's
     * own generator, as {@code GenerateSecretString} makes it in AWS. The value is never logged.
     */
    public static void createSecrets(SamTemplate template, LocalAws aws) {
        for (SamTemplate.SecretSpec secret : template.secrets()) {
            String value = aws.secrets().getRandomPassword(b -> b.passwordLength(secret.length())
                    .excludePunctuation(secret.excludePunctuation())).randomPassword();
            aws.secrets().createSecret(b -> b.name(secret.name()).secretString(value));
        }
    }

    /** The state machine from the real definition file, substitutions resolved; returns its ARN. */
    public static String createStateMachine(SamTemplate template, LocalAws aws) throws IOException {
        SamTemplate.StateMachineSpec machine = template.stateMachine();
        return aws.sfn().createStateMachine(b -> b.name(machine.name()).definition(machine.definition())
                .roleArn("arn:aws:iam::" + SamTemplate.ACCOUNT_ID + ":role/" + SamTemplate.STACK_NAME + "-StateMachineRole")
                .type("STANDARD")).stateMachineArn();
    }

    /** An SQS queue subscribed to the topic, so notifications can be read; returns the queue URL. */
    public static String createNotificationCapture(SamTemplate template, LocalAws aws) {
        String url = aws.sqs().createQueue(b -> b.queueName(NOTIFICATIONS_QUEUE)).queueUrl();
        aws.sns().subscribe(b -> b.topicArn(template.topicArn()).protocol("sqs").endpoint(queueArn(NOTIFICATIONS_QUEUE)));
        return url;
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
