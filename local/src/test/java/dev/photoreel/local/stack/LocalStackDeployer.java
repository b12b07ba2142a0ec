package dev.photoreel.local.stack;

import dev.photoreel.workflow.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;

/**
 * Deploys the template's resources into LocalStack the way the local stack creates them in moto, except that
 * the functions become real Lambda functions (the shaded functions jar, java21, the template's handler,
 * timeout, memory and environment, a published version and its alias) and the intake queue is consumed by a
 * real event source mapping, as on AWS.
 */
public final class LocalStackDeployer {

    /** What was deployed. */
    public record Deployed(String bucket, String table, String stateMachineArn, String notificationsQueueUrl) {
    }

    private LocalStackDeployer() {
    }

    public static Deployed deploy(Path projectRoot, URI endpoint, URI vendorFromLambda, LocalAws aws) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("NemoApiBase", vendorFromLambda.toString());
        parameters.put("NemoClientId", PhotoreelStack.LOCAL_CLIENT_ID);
        parameters.put("QuietPeriodSeconds", "3");
        parameters.put("UploadCheckSeconds", "1");
        parameters.put("DraftCheckSeconds", "1");
        parameters.put("PollIntervalSeconds", "1");
        parameters.put("StreamMarginSeconds", "2");
        SamTemplate template = SamTemplate.read(projectRoot.resolve("template.yaml"), parameters);
        Path jar = projectRoot.resolve("functions/target/photoreel-functions.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Build the functions first: mvn -pl functions -am package -DskipTests (no " + jar + ")");
        }
        SdkBytes code = SdkBytes.fromByteArray(Files.readAllBytes(jar));

        StackResources.createStorage(template, aws);
        try (LambdaClient lambda = LambdaClient.builder().httpClient(UrlConnectionHttpClient.create()).endpointOverride(endpoint)
                .region(Region.of(SamTemplate.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(SamTemplate.ACCOUNT_ID, "local")))
                .build()) {
            for (FunctionSpec function : template.functions()) {
                Map<String, String> env = new LinkedHashMap<>(function.environment());
                env.put("S3_FORCE_PATH_STYLE", "true");
                lambda.createFunction(b -> b.functionName(function.name()).runtime(Runtime.JAVA21)
                        .handler(function.handlerClass() + "::handleRequest").role("arn:aws:iam::" + SamTemplate.ACCOUNT_ID + ":role/lambda")
                        .timeout(function.timeoutSeconds()).memorySize(function.memoryMb()).code(c -> c.zipFile(code))
                        .environment(e -> e.variables(env)));
                awaitActive(lambda, function.name());
                String version = lambda.publishVersion(b -> b.functionName(function.name())).version();
                lambda.createAlias(b -> b.functionName(function.name()).name(function.alias() == null ? "live" : function.alias())
                        .functionVersion(version));
            }
            StackResources.createQueues(template, aws);
            for (SamTemplate.SqsEventSource source : template.sqsEventSources()) {
                FunctionSpec function = template.functions().stream().filter(f -> f.logicalId().equals(source.functionLogicalId())).findFirst()
                        .orElseThrow();
                String functionArn = "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + function.name()
                        + ":" + (function.alias() == null ? "live" : function.alias());
                lambda.createEventSourceMapping(b -> b.functionName(functionArn).batchSize(source.batchSize())
                        .eventSourceArn(StackResources.queueArn(template.resourceName(source.queueLogicalId())))
                        .functionResponseTypesWithStrings(source.reportsBatchItemFailures() ? List.of("ReportBatchItemFailures") : List.of()));
            }
        }
        String stateMachineArn = StackResources.createStateMachine(template, aws);
        List<QueueConfiguration> notifications = new ArrayList<>();
        for (SamTemplate.QueueNotification notification : template.queueNotifications()) {
            QueueConfiguration.Builder config = QueueConfiguration.builder().id(notification.queueLogicalId())
                    .queueArn(StackResources.queueArn(template.resourceName(notification.queueLogicalId())))
                    .eventsWithStrings(notification.events());
            if (notification.prefix() != null) {
                config.filter(NotificationConfigurationFilter.builder().key(S3KeyFilter.builder()
                        .filterRules(FilterRule.builder().name("prefix").value(notification.prefix()).build()).build()).build());
            }
            notifications.add(config.build());
        }
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(template.bucketName())
                .notificationConfiguration(n -> n.queueConfigurations(notifications)));
        String queue = StackResources.createNotificationCapture(template, aws);
        return new Deployed(template.bucketName(), template.table().name(), stateMachineArn, queue);
    }

    private static void awaitActive(LambdaClient lambda, String name) {
        if (!Poll.untilTrue(Duration.ofMinutes(3), () -> lambda.getFunctionConfiguration(b -> b.functionName(name)).state() == State.ACTIVE)) {
            throw new IllegalStateException("Lambda " + name + " did not become Active in LocalStack within 3 minutes");
        }
    }
}
