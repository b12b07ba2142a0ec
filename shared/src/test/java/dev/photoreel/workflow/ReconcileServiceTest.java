package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.ExecutionStatusReader.ExecutionStatus;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileServiceTest {

    private static final ReconcileService.Settings SETTINGS = new ReconcileService.Settings(
            Duration.ofMinutes(15), Duration.ofHours(3), Duration.ofMinutes(10), 100);

    private final Fixture f = new Fixture();

    private String completedJob() {
        String jobId = f.jobIn(JobStatus.STORING);
        f.jobs.transition(jobId, JobStatus.COMPLETED, Map.of(JobAttributes.VIDEO_KEY, "videos/" + jobId + ".mp4",
                JobAttributes.SIZE_BYTES, 10, JobAttributes.DURATION_SECONDS, 3.0), f.now());
        return jobId;
    }

    @Test
    void pendingNotification_isSentOnce_afterTheStateMachinesWindow_andNeverAgain() {
        String jobId = completedJob();
        f.notifier.failNext(new IllegalStateException("sns down"));
        assertThrows(IllegalStateException.class, () -> f.notifications().notify(jobId, "notify-success"));

        assertEquals(0, f.reconciler(SETTINGS).reconcile("reconcile-1").notificationsSent(), "still the state machine's");
        f.advance(Duration.ofMinutes(16));
        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("reconcile-2");

        assertEquals(1, report.notificationsSent());
        assertEquals(1, f.notifier.messages.size());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobAttributes.NOTIFICATION_SENT, job.notification());
        assertTrue(job.pending().isEmpty(), "off the pending index");
        assertEquals(0, f.reconciler(SETTINGS).reconcile("reconcile-3").notificationsSent());
        assertEquals(1, f.notifier.messages.size());
        assertTrue(f.metrics.recorded.contains("reconcilerAction:NotificationResent"));
    }

    @Test
    void aFreshClaimOfTheStateMachine_isLeftToIt() {
        String jobId = completedJob();
        f.advance(Duration.ofMinutes(16));
        f.jobs.claimNotification(jobId, "notify-success", f.now(), NotificationService.CLAIM_LEASE);

        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("reconcile-1");

        assertEquals(1, report.notificationsInProgress());
        assertEquals(0, f.notifier.messages.size());
    }

    @Test
    void aJobBackOnTheIndexAfterItsMessageWentOut_isTakenOffWithoutASecondMessage() {
        String jobId = completedJob();
        f.notifications().notify(jobId, "notify-success");
        f.jobs.transition(jobId, JobStatus.COMPLETED, Map.of(), f.now());   // a repeated Complete Job
        f.advance(Duration.ofMinutes(16));

        f.reconciler(SETTINGS).reconcile("reconcile-1");

        assertEquals(1, f.notifier.messages.size());
        assertTrue(f.jobs.find(jobId).orElseThrow().pending().isEmpty());
    }

    @Test
    void stuckJob_pastItsDeadline_whoseExecutionEnded_isFailedAndNotified() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.executionStatuses.put(jobId, ExecutionStatus.ABORTED);
        assertEquals(0, f.reconciler(SETTINGS).reconcile("r").stuckJobsFailed(), "not past its deadline yet");
        f.advance(Duration.ofHours(3).plusMinutes(1));

        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("r");

        assertEquals(1, report.stuckJobsFailed());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("EXECUTION_ABORTED", job.errorCode());
        assertEquals(1, f.notifier.messages.size());
        assertEquals(0, f.reconciler(SETTINGS).reconcile("r2").stuckJobsFailed());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void stuckJob_withoutAnyExecution_isFailedAsLost() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        f.advance(Duration.ofHours(4));
        f.reconciler(SETTINGS).reconcile("r");
        assertEquals("EXECUTION_LOST", f.jobs.find(jobId).orElseThrow().errorCode());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void oldJobWhoseExecutionStillRuns_isLeftAlone() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.executionStatuses.put(jobId, ExecutionStatus.RUNNING);
        f.advance(Duration.ofHours(4));
        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("r");
        assertEquals(1, report.stillRunning());
        assertEquals(JobStatus.RENDERING, f.jobs.find(jobId).orElseThrow().status());
        assertEquals(0, f.notifier.messages.size());
    }

    @Test
    void folderWithFilesButNoJob_isStartedThroughTheIntake_fromItsNewestFile_onlyOnce() {
        f.media.put("uploads/lost/a.jpg", Samples.jpeg(), f.now().minus(Duration.ofMinutes(30)))
                .put("uploads/lost/job.json", "{}".getBytes(), f.now().minus(Duration.ofMinutes(20)))
                .put("uploads/fresh/a.jpg", Samples.jpeg(), f.now().minus(Duration.ofMinutes(1)));

        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("r");

        assertEquals(1, report.lostUploadsStarted(), "the fresh folder's event may still be on its way");
        assertEquals(1, f.executions.executions.size());
        String jobId = f.jobs.findPrefix("uploads/lost/").orElseThrow().jobId();
        Job started = f.jobs.find(jobId).orElseThrow();
        assertEquals("uploads/lost/", started.prefix());
        assertEquals(1L, started.uploadEvents(), "one event, the newest file's, started the folder's job");
        assertEquals(0, f.reconciler(SETTINGS).reconcile("r2").lostUploadsStarted());
        assertEquals(1, f.executions.executions.size());
        assertTrue(f.metrics.recorded.contains("reconcilerAction:LostUploadStarted"));
    }

    @Test
    void oneJobsTrouble_isCountedAndTheOthersAreStillReconciled() {
        String first = completedJob();
        f.advance(Duration.ofMinutes(16));
        f.notifier.failNext(new IllegalStateException("sns down"));
        ReconcileService.Report report = f.reconciler(SETTINGS).reconcile("r");
        assertEquals(1, report.errors());
        assertEquals(JobAttributes.NOTIFICATION_PENDING, f.jobs.find(first).orElseThrow().notification());
        assertEquals(1, f.reconciler(SETTINGS).reconcile("r2").notificationsSent());
    }

    @Test
    void settings_comeFromTheEnvironment_andFailNamingABadVariable() {
        ReconcileService.Settings settings = ReconcileService.Settings.fromMap(Map.of("JOB_DEADLINE_SECONDS", "10800",
                "RECONCILE_NOTIFY_AFTER_SECONDS", "5", "LOST_UPLOAD_AFTER_SECONDS", "600", "RECONCILE_BATCH", "100"));
        assertEquals(Duration.ofSeconds(10800), settings.jobDeadline());
        assertEquals(Duration.ofSeconds(5), settings.notifyAfter());
        assertEquals(100, settings.batch());
        dev.photoreel.config.ConfigurationException bad = assertThrows(dev.photoreel.config.ConfigurationException.class,
                () -> ReconcileService.Settings.fromMap(dev.photoreel.workflow.testing.TestEnvironment.with(Map.of("JOB_DEADLINE_SECONDS", "soon"))));
        assertEquals("JOB_DEADLINE_SECONDS", bad.variable());
        for (String variable : ReconcileService.Settings.REQUIRED) {
            assertEquals(variable, assertThrows(dev.photoreel.config.ConfigurationException.class,
                    () -> ReconcileService.Settings.fromMap(dev.photoreel.workflow.testing.TestEnvironment.without(variable))).variable());
        }
    }
}
