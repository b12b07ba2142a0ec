package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.Poll;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local stack itself, on a small fixture template (not photoreel's): S3 upload → SQS → the intake
 * handler → Step Functions (moto's interpreter) → Lambda service integrations and direct ARNs → DynamoDB
 * and SNS integrations → the notification captured through SQS.
 */
class LocalStackInfrastructureIT {

    private static PhotoreelStack stack;
    private static NotificationInbox inbox;
    private static Path root;

    @BeforeAll
    static void startStack() throws IOException {
        root = Files.createTempDirectory("fixture-stack");
        Path source = Path.of("src/test/resources/fixture-stack");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = root.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        fixtureArtifact(root);
        StackAvailability.requireMoto(root);
        stack = PhotoreelStack.start(StackOptions.local(root), Vendor.external(URI.create("http://127.0.0.1:9")));
        inbox = new NotificationInbox(stack);
    }

    /**
     * The fixture functions' artifact, laid out as Lambda's task root (the fixture classes, and every jar of this
     * class path under lib/), and the Makefile target that names it, as sam build's makefile method reads it.
     */
    private static void fixtureArtifact(Path root) throws IOException {
        Path artifact = root.resolve("fixture-artifact");
        Path fixtures = Path.of("target/test-classes/dev/photoreel/local/stack/fixtures");
        Path copied = Files.createDirectories(artifact.resolve("dev/photoreel/local/stack/fixtures"));
        try (Stream<Path> classes = Files.list(fixtures)) {
            for (Path file : classes.toList()) {
                Files.copy(file, copied.resolve(file.getFileName().toString()));
            }
        }
        Path lib = Files.createDirectories(artifact.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.notExists(lib.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
            }
        }
        Files.writeString(root.resolve("Makefile"), "FIXTURES := fixture-artifact\nbuild-%Function: $(FIXTURES)\n");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static JsonNode uploadAndAwait(String key) {
        stack.aws().s3().putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromString("hello"));
        return inbox.await(n -> key.equals(n.body().path("key").asText()), Duration.ofSeconds(40))
                .orElseThrow(() -> new AssertionError("No notification for " + key + " within 40 s")).body();
    }

    @Test
    void upload_runsTheStateMachineThroughTheHandlers_withTheTemplatesEnvironmentAndTimeout() {
        JsonNode state = uploadAndAwait("uploads/ok/photo 1 ä.txt");

        assertEquals("uploads/ok/photo+1+%C3%A4.txt", state.path("rawKey").asText(), "the key stays URL-encoded, as S3 sends it");
        JsonNode echo = state.path("echo").path("result");
        assertEquals(stack.table(), echo.path("table").asText());
        assertEquals("3", echo.path("quiet").asText(), "QuietPeriodSeconds is overridden locally");
        assertEquals("EchoFunction", echo.path("function").asText());
        int remaining = echo.path("remainingMillis").asInt();
        assertTrue(remaining > 5_000 && remaining <= 10_000, "remaining time counts down from the 10 s Timeout: " + remaining);
        assertEquals(false, state.path("slow").path("slept").asBoolean(true));
        Map<String, AttributeValue> item = stack.aws().dynamoDb()
                .getItem(b -> b.tableName(stack.table()).key(Map.of("pk", AttributeValue.fromS("uploads/ok/photo 1 ä.txt")))).item();
        assertEquals("ok", item.get("mode").s());
    }

    @Test
    void handlerException_isCaughtByItsFullyQualifiedClassName() {
        JsonNode state = uploadAndAwait("uploads/fail/fail.txt");

        assertEquals("dev.photoreel.local.stack.fixtures.PermanentFixtureException", state.path("error").path("Error").asText());
        assertTrue(state.path("error").path("Cause").asText().contains("failed on purpose"));
        assertFalse(state.has("echo"));
    }

    @Test
    void transientHandlerException_isRetriedByName() {
        JsonNode state = uploadAndAwait("uploads/flaky/flaky.txt");

        assertEquals("EchoFunction", state.path("echo").path("result").path("function").asText());
        assertTrue(stack.functions().invocationCount("EchoFunction") >= 2);
    }

    @Test
    void functionOutlivingItsTimeout_failsWithSandboxTimedout() {
        JsonNode state = uploadAndAwait("uploads/slow/slow.txt");

        assertEquals("Sandbox.Timedout", state.path("error").path("Error").asText());
    }

    @Test
    void uploadOutsideTheTriggerPrefix_startsNothing() {
        int before = stack.functions().invocationCount("StartFunction");
        stack.aws().s3().putObject(b -> b.bucket(stack.bucket()).key("videos/x.mp4"), RequestBody.fromString("x"));
        JsonNode state = uploadAndAwait("uploads/ok2/after.txt");

        assertEquals("ok", state.path("mode").asText());
        assertEquals(0, inbox.all(n -> n.body().path("key").asText().startsWith("videos/")).size());
        assertTrue(stack.functions().invocationCount("StartFunction") >= before + 1);
    }

    @Test
    void messageTheFunctionKeepsReportingAsFailed_isRetriedThenMovedToTheDeadLetterQueue() {
        int before = stack.functions().invocationCount("StartFunction");
        stack.aws().s3().putObject(b -> b.bucket(stack.bucket()).key("uploads/dlq/reject-me.txt"), RequestBody.fromString("x"));
        String deadLetters = stack.queueUrl("UploadDeadLetters");

        java.util.List<software.amazon.awssdk.services.sqs.model.Message> moved = Poll.until(Duration.ofSeconds(40), () -> Optional.of(
                stack.aws().sqs().receiveMessage(b -> b.queueUrl(deadLetters).waitTimeSeconds(1).maxNumberOfMessages(10)).messages()
                        .stream().filter(m -> m.body().contains("reject-me")).toList()).filter(m -> !m.isEmpty())).orElse(java.util.List.of());

        assertEquals(1, moved.size(), "the upload event is kept in the dead-letter queue, not dropped");
        assertTrue(stack.functions().invocationCount("StartFunction") >= before + 3, "delivered maxReceiveCount (3) times first");
    }
}
