package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.webhook.WebhookPolicy;
import dev.photoreel.workflow.webhook.WebhookService;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook gap: a Lambda that dies between the SNS confirmation and the webhook leaves it PENDING for the reconciler. */
class PendingWebhookTest {

    /** What a Lambda that is killed (timeout, out of memory) looks like to the code after the kill point: nothing runs. */
    static final class LambdaDied extends Error {
        LambdaDied() {
            super("the Lambda died here");
        }
    }

    private static final ReconcileService.Settings SETTINGS = new ReconcileService.Settings(Duration.ofMinutes(15), Duration.ofHours(3),
            Duration.ofMinutes(10), 100);
    private final Fixture f = new Fixture();
    private String jobId;

    @BeforeEach
    void completedJobWithCallback() {
        jobId = f.jobIn(JobStatus.STORING);
        f.jobs.put(jobId, JobAttributes.CALLBACK_URL, "https://hooks.example.com/photoreel");
        f.jobs.put(jobId, JobAttributes.VIDEO_KEY, "videos/" + jobId + ".mp4");
        f.outcomes().complete(jobId);
    }

    /** Notify User whose webhook step dies before its first POST (after the SNS message was confirmed). */
    private NotificationService dyingNotifier() {
        WebhookService dies = new WebhookService(f.jobs, f.webhookSender, () -> {
            throw new LambdaDied();
        }, WebhookPolicy.DEFAULT, d -> { }, () -> 0.5, f.clock);
        return new NotificationService(f.jobs, f.media, f.notifier, f.config, f.clock, null, dies);
    }

    @Test
    void crashBetweenSnsAndWebhook_theReconcilerDeliversItOnce_afterTheGracePeriod() {
        assertThrows(LambdaDied.class, () -> dyingNotifier().notify(jobId, "notify-1"));
        assertEquals(1, f.notifier.messages.size(), "SNS has it");
        assertEquals(JobAttributes.WEBHOOK_PENDING, f.jobs.find(jobId).orElseThrow().webhook());

        f.advance(Duration.ofSeconds(30));
        assertEquals(0, f.reconciler(SETTINGS).reconcile("reconciler-1").webhooksDelivered(), "within the grace period it is left alone");
        assertEquals(0, f.webhookSender.calls.size());

        f.advance(NotificationService.CLAIM_LEASE);
        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("reconciler-2");
        ReconcileService.Report again = f.reconciler(SETTINGS).reconcile("reconciler-3");

        assertEquals(1, report.webhooksDelivered());
        assertEquals(0, again.webhooksDelivered());
        assertEquals(1, f.webhookSender.calls.size(), "exactly one webhook");
        assertEquals(1, f.notifier.messages.size(), "and still one SNS message");
        assertEquals("DELIVERED", f.jobs.find(jobId).orElseThrow().webhook());
        assertEquals(java.util.List.of(), f.jobs.findPending(JobRepository.Pending.WEBHOOK, f.now().plusSeconds(999), 10));
    }

    @Test
    void aNotifierRetryAfterTheConfirmation_doesNotSendTheWebhookOrTheMessageAgain() {
        assertThrows(LambdaDied.class, () -> dyingNotifier().notify(jobId, "notify-1"));
        f.advance(Duration.ofSeconds(5));

        NotificationService.NotificationResult retry = f.notifications().notify(jobId, "notify-2");

        assertEquals(true, retry.alreadyNotified());
        assertEquals(0, f.webhookSender.calls.size(), "the reconciler owns it after the lease, not a retry");
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void theNormalPath_deliversOnce_andLeavesNothingPending() {
        f.notifications().notify(jobId, "notify-1");
        f.advance(Duration.ofHours(1));
        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("reconciler");

        assertEquals(0, report.webhooksDelivered());
        assertEquals(1, f.webhookSender.calls.size());
        assertEquals("DELIVERED", f.jobs.find(jobId).orElseThrow().webhook());
    }
}
