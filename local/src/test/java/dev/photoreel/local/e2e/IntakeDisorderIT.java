package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.PhotoreelStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;

/**
 * Intake under load and disorder on the local stack: S3 promises neither the order nor the timeliness of its
 * events, and many folders arrive at once. Membership must follow what is in S3.
 */
class IntakeDisorderIT {

    private static final ObjectMapper JSON = Json.MAPPER;

    @BeforeEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void twentyFoldersUploadedAtOnce_makeTwentyJobsTwentyExecutionsTwentyNotificationsTwentyVideos() throws Exception {
        PhotoreelStack stack = E2eStack.stack();
        List<E2eJob> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            jobs.add(E2eJob.named(String.format("load%02d", i)).photos(i % 2 == 0 ? "seaside" : "city", 2).manifest("{\"secondsPerImage\": 1}"));
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(10);
        try {
            List<Future<E2eJob>> uploads = jobs.stream().map(job -> uploaders.submit(job::upload)).toList();
            for (Future<E2eJob> upload : uploads) {
                upload.get(60, TimeUnit.SECONDS);
            }
        } finally {
            uploaders.shutdownNow();
        }

        List<E2eJob.Outcome> outcomes = new ArrayList<>();
        for (E2eJob job : jobs) {
            outcomes.add(job.awaitOutcome());
        }

        List<String> executions = stack.aws().sfn().listExecutions(b -> b.stateMachineArn(stack.stateMachineArn()).maxResults(1000))
                .executions().stream().map(e -> e.name()).filter(name -> name.startsWith("load")).toList();
        assertEquals(20, executions.size(), "one execution per folder: " + executions);
        for (E2eJob.Outcome outcome : outcomes) {
            E2eJob.assertCompleted(outcome, 1920, 1080, false);
            E2eJob.assertOneNotification(outcome.jobId());
            assertTrue(outcome.jobId().endsWith("-1"), "the first and only generation of its folder: " + outcome.jobId());
        }
        for (E2eJob job : jobs) {
            assertEquals(job.jobId(), E2eStack.jobs().currentJobId(job.prefix()).orElseThrow(), "no second job for " + job.prefix());
            job.assertInputsUntouched();
        }
        assertEquals(20, stack.aws().s3().listObjectsV2(b -> b.bucket(stack.bucket()).prefix("videos/load")).contents().size(), "20 videos");
    }

    @Test
    void eventsDeliveredShuffledAndLate_afterTheSetClosed_makeOneJobWithEveryFile() throws Exception {
        PhotoreelStack stack = E2eStack.stack();
        E2eJob job = E2eJob.named("shuffled").photos("seaside", 3).manifest("{\"secondsPerImage\": 1}");
        var current = stack.aws().s3().getBucketNotificationConfiguration(b -> b.bucket(stack.bucket()));
        NotificationConfiguration notifications = NotificationConfiguration.builder().queueConfigurations(current.queueConfigurations()).build();
        List<String> events = new ArrayList<>();
        stack.aws().s3().putBucketNotificationConfiguration(b -> b.bucket(stack.bucket()).notificationConfiguration(NotificationConfiguration.builder().build()));
        try {
            job.upload();
        } finally {
            stack.aws().s3().putBucketNotificationConfiguration(b -> b.bucket(stack.bucket()).notificationConfiguration(notifications));
        }
        List<String> keys = stack.aws().s3().listObjectsV2(b -> b.bucket(stack.bucket()).prefix(job.prefix())).contents().stream()
                .map(o -> o.key()).toList();
        for (String key : keys) {
            events.add(s3Event(stack, key));
        }
        String manifestEvent = events.stream().filter(e -> e.contains("job.json")).findFirst().orElseThrow();
        List<String> others = new ArrayList<>(events);
        others.remove(manifestEvent);
        Collections.shuffle(others, new Random(7));
        others.add(others.get(0));

        // job.json's event first; every photo's event later than the 3 s quiet period, after the set closed
        String queue = stack.queueUrl("IntakeQueue");
        stack.aws().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(manifestEvent));
        for (String late : others) {
            stack.aws().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(late).delaySeconds(6));
        }
        E2eJob.Outcome outcome = job.awaitOutcome();
        E2eJob.poll(() -> stack.deliveredMessages("StartJobFunction").stream().filter(others.get(0)::equals).skip(1).findFirst(),
                Duration.ofSeconds(30), "the late events were not all delivered");

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        assertEquals("3", JobItems.text(outcome.item(), "imageCount"), "every photo is in the job");
        List<String> executions = stack.aws().sfn().listExecutions(b -> b.stateMachineArn(stack.stateMachineArn()).maxResults(1000))
                .executions().stream().map(e -> e.name()).filter(name -> name.startsWith("shuffled")).toList();
        assertEquals(List.of(outcome.jobId()), executions, "the late events started nothing");
        E2eJob.assertOneNotification(outcome.jobId());
        job.assertInputsUntouched();
    }

    /** The ObjectCreated event S3 would send for the object as it is now. */
    private static String s3Event(PhotoreelStack stack, String key) {
        HeadObjectResponse head = stack.aws().s3().headObject(b -> b.bucket(stack.bucket()).key(key));
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                .put("eventTime", head.lastModified().toString()).put("eventName", "ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "IntakeQueue");
        s3.putObject("bucket").put("name", stack.bucket()).put("arn", "arn:aws:s3:::" + stack.bucket());
        s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", head.contentLength()).put("eTag", head.eTag().replace("\"", ""))
                .put("sequencer", Long.toHexString(head.lastModified().toEpochMilli()) + Integer.toHexString(key.hashCode()));
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").add(record);
        return event.toString();
    }
}
