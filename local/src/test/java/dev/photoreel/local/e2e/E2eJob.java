package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.workflow.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One job driven from the outside: files uploaded to S3, then the notification and the job item read back. */
final class E2eJob {

    static final Duration OUTCOME_TIMEOUT = Duration.ofMinutes(3);
    private static final Path EXAMPLES = StackOptions.findProjectRoot(Path.of("")).resolve("examples");

    private final String prefix;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private String jobId;

    /** The outcome: the notification and the job item as it was once the notification arrived. */
    record Outcome(String jobId, NotificationInbox.Notification notification, Map<String, AttributeValue> item) {
        JsonNode body() {
            return notification.body();
        }

        String status() {
            return body().path("status").asText();
        }

        String text(String attribute) {
            return JobItems.text(item, attribute);
        }
    }

    private E2eJob(String name) {
        this.prefix = "uploads/" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    static E2eJob named(String name) {
        E2eStack.stack();
        return new E2eJob(name);
    }

    String prefix() {
        return prefix;
    }

    /** Adds {@code count} photos from an example set. */
    E2eJob photos(String set, int count) {
        try (var list = Files.list(EXAMPLES.resolve(set))) {
            list.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(count).forEach(p -> file(p.getFileName().toString(), read(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    E2eJob music() {
        return file("music.mp3", read(EXAMPLES.resolve("music/summer-chords.mp3")));
    }

    E2eJob file(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    E2eJob manifest(String json) {
        return file("job.json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads the files, job.json (if any) last, as a person would. */
    E2eJob upload() {
        PhotoreelStack stack = E2eStack.stack();
        files.entrySet().stream().sorted((a, b) -> Boolean.compare(a.getKey().equals("job.json"), b.getKey().equals("job.json")))
                .forEach(e -> stack.aws().s3().putObject(r -> r.bucket(stack.bucket()).key(prefix + e.getKey()), RequestBody.fromBytes(e.getValue())));
        return this;
    }

    /** The job id, once intake has created the job. */
    String jobId() {
        if (jobId == null) {
            jobId = poll(() -> E2eStack.jobs().currentJobId(prefix), Duration.ofSeconds(30), "no job for " + prefix);
        }
        return jobId;
    }

    /** Waits until the job's status satisfies {@code status}. */
    void awaitStatus(Predicate<String> status, Duration timeout) {
        String id = jobId();
        poll(() -> E2eStack.jobs().job(id).map(i -> JobItems.text(i, "status")).filter(status), timeout, "job " + id + " never reached the status");
    }

    /** Waits for the job's notification, then reads its item. */
    Outcome awaitOutcome() {
        String id = jobId();
        NotificationInbox.Notification notification = E2eStack.inbox().await(n -> id.equals(n.body().path("jobId").asText()), OUTCOME_TIMEOUT)
                .orElseThrow(() -> new AssertionError("No notification for job " + id + " within " + OUTCOME_TIMEOUT.toSeconds() + " s; "
                        + "job item: " + E2eStack.jobs().job(id).orElse(Map.of())));
        return new Outcome(id, notification, E2eStack.jobs().job(id).orElseThrow());
    }

    /** Every file uploaded is still there, byte for byte. */
    void assertInputsUntouched() {
        PhotoreelStack stack = E2eStack.stack();
        files.forEach((name, content) -> assertArrayEquals(content,
                stack.aws().s3().getObjectAsBytes(r -> r.bucket(stack.bucket()).key(prefix + name)).asByteArray(), name + " changed"));
    }

    /**
     * The job completed: item, notification and the MP4 in S3 agree; returns the probed video. With
     * {@code music} the video must have an audio track (without, the vendor may add its own music, so
     * either is fine).
     */
    static MediaInfo assertCompleted(Outcome outcome, int width, int height, boolean music) {
        assertEquals("COMPLETED", outcome.status(), () -> "job failed: " + outcome.body());
        assertEquals("COMPLETED", outcome.text("status"));
        JsonNode video = outcome.body().path("video");
        String key = video.path("key").asText();
        assertEquals("videos/" + outcome.jobId() + ".mp4", key);
        assertEquals(key, outcome.text("videoKey"));
        assertTrue(video.path("url").asText().contains(key), "link names the video: " + video.path("url").asText());
        assertTrue(outcome.notification().subject().contains("ready"), outcome.notification().subject());
        assertEquals("COMPLETED", outcome.notification().attributes().get("status"));
        assertFalse(outcome.body().path("timeline").asText().isBlank(), "the notification carries the timeline summary");

        PhotoreelStack stack = E2eStack.stack();
        byte[] bytes = stack.aws().s3().getObjectAsBytes(r -> r.bucket(stack.bucket()).key(key)).asByteArray();
        assertEquals(bytes.length, video.path("sizeBytes").asLong());
        MediaInfo info = probe(bytes);
        assertEquals("h264", info.videoCodec());
        assertEquals(width, info.width(), "width");
        assertEquals(height, info.height(), "height");
        assertTrue(info.durationSeconds() > 1, "duration " + info.durationSeconds());
        assertEquals(info.durationSeconds(), video.path("durationSeconds").asDouble(), 0.5);
        if (music) {
            assertTrue(info.hasAudio(), "the uploaded music is in the video");
        }
        return info;
    }

    /** The job failed with {@code code} and a message containing {@code messagePart}; exactly one notification. */
    static void assertFailed(Outcome outcome, String code, String messagePart) {
        assertEquals("FAILED", outcome.status(), () -> "expected a failure: " + outcome.body());
        assertEquals("FAILED", outcome.text("status"));
        assertEquals(code, outcome.body().path("error").path("code").asText(), () -> "error: " + outcome.body().path("error"));
        assertEquals(code, outcome.text("errorCode"));
        String message = outcome.body().path("error").path("message").asText();
        assertTrue(message.toLowerCase().contains(messagePart.toLowerCase()), () -> "message \"" + message + "\" should mention " + messagePart);
        assertTrue(outcome.notification().subject().contains("failed"), outcome.notification().subject());
        assertEquals("FAILED", outcome.notification().attributes().get("status"));
        assertFalse(E2eStack.stack().aws().s3().listObjectsV2(r -> r.bucket(E2eStack.stack().bucket()).prefix("videos/" + outcome.jobId()))
                .hasContents(), "no video for a failed job");
        assertOneNotification(outcome.jobId());
    }

    /** Exactly one notification arrived for the job (a second one would be queued by now). */
    static void assertOneNotification(String jobId) {
        assertEquals(1, E2eStack.inbox().awaitCount(n -> jobId.equals(n.body().path("jobId").asText()), 2, Duration.ofSeconds(3)),
                "notifications for " + jobId);
    }

    /** Probes an MP4 held in memory (through a temporary file) with the bundled ffmpeg. */
    static MediaInfo probe(byte[] mp4) {
        try {
            Path file = Files.createTempFile("e2e-", ".mp4");
            try {
                Files.write(file, mp4);
                return new MediaProbe().probe(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T poll(java.util.function.Supplier<Optional<T>> probe, Duration timeout, String failure) {
        return Poll.until(timeout, Duration.ofMillis(200), probe)
                .orElseThrow(() -> new AssertionError(failure + " within " + timeout.toSeconds() + " s"));
    }
}
