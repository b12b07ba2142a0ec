package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.NotificationInProgressException;
import dev.photoreel.workflow.testing.Fixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {

    private final Fixture f = new Fixture(Map.of("LINK_EXPIRY_SECONDS", "3600"));

    private String completedJob() {
        String jobId = f.jobIn(JobStatus.STORING);
        f.jobs.transition(jobId, JobStatus.COMPLETED, Map.of(JobAttributes.VIDEO_KEY, "videos/" + jobId + ".mp4",
                JobAttributes.SIZE_BYTES, 1234, JobAttributes.DURATION_SECONDS, 6.5,
                JobAttributes.TIMELINE_SUMMARY, "Timeline (1 tracks)"), f.now());
        return jobId;
    }

    @Test
    void notify_completedJob_sendsOneMessageWithLinkAndFacts() throws Exception {
        String jobId = completedJob();
        NotificationService.NotificationResult result = f.notifications().notify(jobId, "attempt-1");

        assertEquals(new NotificationService.NotificationResult("msg-1", false), result);
        assertEquals(1, f.notifier.messages.size());
        var message = f.notifier.messages.get(0);
        assertEquals("photoreel: your video \"trip\" is ready", message.subject());
        assertEquals(Map.of("status", "COMPLETED", "jobId", jobId, "version", "1"), message.attributes());
        JsonNode body = Json.MAPPER.readTree(message.body());
        assertEquals(jobId, body.path("jobId").asText());
        assertTrue(body.path("video").path("url").asText().contains("X-Amz-Expires=3600"));
        assertEquals(6.5, body.path("video").path("durationSeconds").asDouble());
        assertEquals(1234, body.path("video").path("sizeBytes").asLong());
        assertEquals("Timeline (1 tracks)", body.path("timeline").asText());
    }

    @Test
    void notify_ffmpegVideo_saysWhichBackendMadeItAndWhy_andTheWordsItDidNotActOn() throws Exception {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.RENDERER, "ffmpeg");
        f.jobs.put(jobId, JobAttributes.RENDERER_REASON, "the vendor refused export (402): free plan");
        f.jobs.put(jobId, JobAttributes.IGNORED_WORDS, "smooth cinematic");
        f.jobs.put(jobId, JobAttributes.POSTER_KEY, "videos/" + jobId + ".jpg");

        f.notifications().notify(jobId, "attempt-1");

        JsonNode body = Json.MAPPER.readTree(f.notifier.messages.get(0).body());
        assertEquals("ffmpeg", body.path("renderer").asText());
        assertEquals("the vendor refused export (402): free plan", body.path("rendererReason").asText());
        assertEquals("[\"smooth\",\"cinematic\"]", body.path("ignoredWords").toString());
        assertTrue(body.path("video").path("posterUrl").asText().contains(jobId + ".jpg"));
    }

    @Test
    void notify_retriedOrRedriven_neverSendsASecondMessage() {
        String jobId = completedJob();
        f.notifications().notify(jobId, "attempt-1");
        NotificationService.NotificationResult again = f.notifications().notify(jobId, "attempt-2");
        assertTrue(again.alreadyNotified());
        assertEquals("msg-1", again.messageId());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void notify_whenPublishFails_releasesTheClaimSoTheRetrySends() {
        String jobId = completedJob();
        f.notifier.failNext(new IllegalStateException("sns down"));
        assertThrows(IllegalStateException.class, () -> f.notifications().notify(jobId, "attempt-1"));
        assertFalse(f.notifications().notify(jobId, "attempt-2").alreadyNotified());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void notify_whileAnotherAttemptHoldsAFreshClaim_throwsInProgress_thenTakesOverAStaleOne() {
        String jobId = completedJob();
        f.jobs.claimNotification(jobId, "crashed-attempt", f.now(), NotificationService.CLAIM_LEASE);
        assertThrows(NotificationInProgressException.class, () -> f.notifications().notify(jobId, "attempt-2"));
        f.advance(NotificationService.CLAIM_LEASE.plus(Duration.ofSeconds(1)));
        assertFalse(f.notifications().notify(jobId, "attempt-3").alreadyNotified());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void notify_failedJob_carriesCodeAndFix() throws Exception {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        f.outcomes().fail(jobId, "dev.photoreel.workflow.exceptions.JobValidationException",
                "{\"errorMessage\": \"'notes.jpg' is not a supported image\"}");
        f.notifications().notify(jobId, "a");

        var message = f.notifier.messages.get(0);
        assertEquals("photoreel: job \"trip\" failed", message.subject());
        assertEquals("FAILED", message.attributes().get("status"));
        JsonNode error = Json.MAPPER.readTree(message.body()).path("error");
        assertEquals("INVALID_INPUT", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("notes.jpg"));
    }

    @Test
    void notify_unfinishedJob_refuses() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        assertThrows(JobStateConflictException.class, () -> f.notifications().notify(jobId, "a"));
        assertTrue(f.notifier.messages.isEmpty());
    }

    @Test
    void subject_isAsciiAndShort() {
        String jobId = completedJob();
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.TITLE, "Été ".repeat(40)));
        f.notifications().notify(jobId, "a");
        String subject = f.notifier.messages.get(0).subject();
        assertTrue(subject.length() <= 100 && subject.matches("[\\x20-\\x7E]+"), subject);
    }

    // ---------------------------------------------------------------- webhooks

    @Test
    void notify_withCallbackUrl_postsTheSnsBodyPlusEventId_afterTheMessageIsConfirmed() throws Exception {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/p");

        f.notifications().notify(jobId, "attempt-1");

        assertEquals(1, f.webhookSender.calls.size());
        ObjectMapper mapper = Json.MAPPER;
        var webhook = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(f.webhookSender.calls.get(0).body());
        assertEquals(jobId + ":COMPLETED", webhook.remove("eventId").asText());
        assertEquals(mapper.readTree(f.notifier.messages.get(0).body()), webhook, "the webhook carries the SNS message as it is");
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals("DELIVERED", job.webhook());
        assertTrue(job.notifiedAt() != null);
    }

    @Test
    void notify_repeatedOrRacedByGuardAndReconciler_sendsTheWebhookOnce() {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/p");

        f.notifications().notify(jobId, "attempt-1");
        f.notifications().notify(jobId, "attempt-2");
        f.notifications().notify(jobId, "guard-1");
        f.notifications().notify(jobId, "reconcile-1");

        assertEquals(1, f.notifier.messages.size());
        assertEquals(1, f.webhookSender.calls.size());
    }

    @Test
    void notify_whenAnotherAttemptHoldsTheClaim_sendsNoWebhook() {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/p");
        f.jobs.claimNotification(jobId, "attempt-1", f.now(), NotificationService.CLAIM_LEASE);

        assertThrows(NotificationInProgressException.class, () -> f.notifications().notify(jobId, "guard-1"));

        assertTrue(f.webhookSender.calls.isEmpty());
    }

    @Test
    void notify_whenTheWebhookFails_stillSucceeds_andRecordsFailed() {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/p");
        f.webhookSender.then(500, 500, 500, 500);

        NotificationService.NotificationResult result = f.notifications().notify(jobId, "attempt-1");

        assertFalse(result.alreadyNotified());
        assertEquals(4, f.webhookSender.calls.size());
        assertEquals("FAILED", f.jobs.find(jobId).orElseThrow().webhook());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void notify_whenPublishFails_sendsNoWebhook_andTheRetrySendsIt() {
        String jobId = completedJob();
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/p");
        f.notifier.failNext(new IllegalStateException("sns down"));

        assertThrows(IllegalStateException.class, () -> f.notifications().notify(jobId, "attempt-1"));
        assertTrue(f.webhookSender.calls.isEmpty());

        f.notifications().notify(jobId, "attempt-2");
        assertEquals(1, f.webhookSender.calls.size());
    }
}
