package dev.photoreel.workflow.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.testing.Fixture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookServiceTest {

    private static final String BODY = "{\"jobId\":\"x\",\"status\":\"FAILED\"}";
    private final Fixture f = new Fixture(Map.of());

    private Job failedJobWithCallback() {
        String jobId = f.jobIn(JobStatus.FAILED);
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/photoreel?token=abc");
        return f.jobs.find(jobId).orElseThrow();
    }

    private Map<String, Object> item(Job job) {
        return f.jobs.find(job.jobId()).orElseThrow().attributes();
    }

    @Test
    void deliver_postsTheBodyPlusEventId_signedOverTimestampAndBody() throws Exception {
        Job job = failedJobWithCallback();

        WebhookService.Outcome outcome = f.webhooks().deliver(job, BODY).orElseThrow();

        assertEquals(WebhookService.Result.DELIVERED, outcome.result());
        var call = f.webhookSender.calls.get(0);
        assertEquals("https://hooks.example.com/photoreel?token=abc", call.url().toString());
        var body = Json.MAPPER.readTree(call.body());
        assertEquals(job.jobId() + ":FAILED", body.path("eventId").asText());
        assertEquals("x", body.path("jobId").asText());
        assertEquals(job.jobId() + ":FAILED", call.headers().get("Photoreel-Event-Id"));
        long timestamp = Long.parseLong(call.headers().get("Photoreel-Timestamp"));
        assertEquals(f.now().getEpochSecond(), timestamp);
        assertTrue(WebhookSignature.verify(Fixture.WEBHOOK_SECRET, timestamp, call.body(), call.headers().get("Photoreel-Signature")));
        assertEquals("DELIVERED", item(job).get(JobAttributes.WEBHOOK));
        assertEquals(1L, ((Number) item(job).get(JobAttributes.WEBHOOK_ATTEMPTS)).longValue());
        assertEquals(200L, ((Number) item(job).get(JobAttributes.WEBHOOK_LAST_STATUS)).longValue());
    }

    @Test
    void deliver_retriesOn503AndTimeoutAnd429_withGrowingJitteredPauses_thenSucceeds() {
        Job job = failedJobWithCallback();
        f.webhookSender.then(503, new HttpTimeoutException("read timed out"), 429, 204);

        WebhookService.Outcome outcome = f.webhooks().deliver(job, BODY).orElseThrow();

        assertEquals(WebhookService.Result.DELIVERED, outcome.result());
        assertEquals(4, outcome.attempts());
        assertEquals(4, f.webhookSender.calls.size());
        // jitter draw 0.5 scales each base pause (1, 2, 4 s) by 0.75
        assertEquals(List.of(Duration.ofMillis(750), Duration.ofMillis(1500), Duration.ofMillis(3000)), f.webhookPauses);
        // each attempt is signed with its own timestamp: the retry after the pauses carries a later one
        assertTrue(Long.parseLong(f.webhookSender.calls.get(3).headers().get("Photoreel-Timestamp"))
                > Long.parseLong(f.webhookSender.calls.get(0).headers().get("Photoreel-Timestamp")));
        assertEquals("DELIVERED", item(job).get(JobAttributes.WEBHOOK));
        assertEquals(204L, ((Number) item(job).get(JobAttributes.WEBHOOK_LAST_STATUS)).longValue());
    }

    @Test
    void deliver_on400_doesNotRetry_andRecordsFailed() {
        Job job = failedJobWithCallback();
        f.webhookSender.then(400);

        WebhookService.Outcome outcome = f.webhooks().deliver(job, BODY).orElseThrow();

        assertEquals(WebhookService.Result.FAILED, outcome.result());
        assertEquals(1, f.webhookSender.calls.size());
        assertTrue(f.webhookPauses.isEmpty());
        assertEquals("FAILED", item(job).get(JobAttributes.WEBHOOK));
        assertEquals(400L, ((Number) item(job).get(JobAttributes.WEBHOOK_LAST_STATUS)).longValue());
        assertEquals("HTTP 400 (not retried)", item(job).get(JobAttributes.WEBHOOK_ERROR));
    }

    @Test
    void deliver_givesUpAfterFourAttempts() {
        Job job = failedJobWithCallback();
        f.webhookSender.then(new ConnectException("refused"), 500, 502, new ConnectException("refused"), 200);

        WebhookService.Outcome outcome = f.webhooks().deliver(job, BODY).orElseThrow();

        assertEquals(WebhookService.Result.FAILED, outcome.result());
        assertEquals(4, f.webhookSender.calls.size());
        assertEquals(3, f.webhookPauses.size());
        assertEquals("FAILED", item(job).get(JobAttributes.WEBHOOK));
        assertEquals(4L, ((Number) item(job).get(JobAttributes.WEBHOOK_ATTEMPTS)).longValue());
        assertNull(item(job).get(JobAttributes.WEBHOOK_LAST_STATUS), "the last attempt got no answer");
        assertEquals("ConnectException (gave up after 4 attempts)", item(job).get(JobAttributes.WEBHOOK_ERROR));
    }

    @Test
    void deliver_whenTheSecretCannotBeRead_recordsFailedWithoutThrowingOrSending() {
        Job job = failedJobWithCallback();
        WebhookService service = new WebhookService(f.jobs, f.webhookSender, () -> {
            throw new IllegalStateException("WEBHOOK_SECRET_ARN is not set");
        }, WebhookPolicy.DEFAULT, d -> { }, () -> 0.5, f.clock);

        WebhookService.Outcome outcome = service.deliver(job, BODY).orElseThrow();

        assertEquals(WebhookService.Result.FAILED, outcome.result());
        assertTrue(f.webhookSender.calls.isEmpty());
        assertTrue(String.valueOf(item(job).get(JobAttributes.WEBHOOK_ERROR)).contains("WEBHOOK_SECRET_ARN is not set"));
    }

    @Test
    void deliver_toAnUnparsableStoredUrl_recordsFailedWithoutThrowing() {
        String jobId = f.jobIn(JobStatus.FAILED);
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://bad host/");

        WebhookService.Outcome outcome = f.webhooks().deliver(f.jobs.find(jobId).orElseThrow(), BODY).orElseThrow();

        assertEquals(WebhookService.Result.FAILED, outcome.result());
        assertTrue(f.webhookSender.calls.isEmpty());
    }

    @Test
    void deliver_withoutCallbackUrl_sendsNothing() throws IOException {
        String jobId = f.jobIn(JobStatus.FAILED);
        assertFalse(f.webhooks().deliver(f.jobs.find(jobId).orElseThrow(), BODY).isPresent());
        assertTrue(f.webhookSender.calls.isEmpty());
    }
}
