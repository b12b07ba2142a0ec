package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.GuardService.ExecutionEnded;
import dev.photoreel.workflow.GuardService.GuardResult.Action;
import dev.photoreel.workflow.testing.Fixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardServiceTest {

    private final Fixture f = new Fixture();

    private static ExecutionEnded ended(String name, String status) {
        return new ExecutionEnded("arn:aws:states:eu-west-1:123456789012:execution:photoreel:" + name, name, status,
                "{\"jobId\":\"" + name.replaceAll("-r\\d+$", "") + "\",\"bucket\":\"b\"}", null);
    }

    @Test
    void aborted_whileTheJobIsMidFlight_marksItFailed_andSendsOneFailureNotification() throws Exception {
        String jobId = f.jobIn(JobStatus.RENDERING);

        GuardService.GuardResult result = f.guard().onExecutionEnded(ended(jobId, "ABORTED"), "guard-1");

        assertEquals(Action.NOTIFIED, result.action());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("EXECUTION_ABORTED", job.errorCode());
        assertTrue(job.errorMessage().contains("stopped by an operator"));
        assertTrue(job.errorMessage().contains("uploads/trip/"), "says where to upload again");
        assertEquals(JobAttributes.NOTIFICATION_SENT, job.notification());
        assertEquals(1, f.notifier.messages.size());
        var body = Json.MAPPER.readTree(f.notifier.messages.get(0).body());
        assertEquals("FAILED", body.path("status").asText());
        assertEquals("EXECUTION_ABORTED", body.path("error").path("code").asText());
        assertEquals(List.of("jobFailed:EXECUTION_ABORTED:OPERATOR", "guardAction:JobMarkedFailed", "guardAction:NotificationSent"),
                f.metrics.recorded.stream().filter(m -> m.startsWith("jobFailed") || m.startsWith("guard")).toList());
    }

    @Test
    void timedOutAndFailed_getTheirOwnCodes_andTheErrorName() {
        String timedOut = f.jobIn(JobStatus.EDITING);
        f.guard().onExecutionEnded(ended(timedOut, "TIMED_OUT"), "guard-1");
        assertEquals("EXECUTION_TIMED_OUT", f.jobs.find(timedOut).orElseThrow().errorCode());

        Fixture other = new Fixture();
        String failed = other.jobIn(JobStatus.UPLOADING);
        other.guard().onExecutionEnded(new ExecutionEnded("arn", failed, "FAILED", null, "States.Runtime"), "guard-1");
        Job job = other.jobs.find(failed).orElseThrow();
        assertEquals("EXECUTION_FAILED", job.errorCode());
        assertTrue(job.errorMessage().contains("States.Runtime"), job.errorMessage());
    }

    @Test
    void afterTheCatchPathFailedAndNotified_theGuardChangesNothing_andSendsNothing() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        f.outcomes().fail(jobId, "dev.photoreel.workflow.exceptions.JobValidationException", "{\"errorMessage\":\"bad\"}");
        f.notifications().notify(jobId, "notify-failure");
        Job before = f.jobs.find(jobId).orElseThrow();

        GuardService.GuardResult result = f.guard().onExecutionEnded(ended(jobId, "FAILED"), "guard-1");

        assertEquals(Action.ALREADY_SETTLED, result.action());
        assertEquals(1, f.notifier.messages.size());
        assertEquals(before.errorCode(), f.jobs.find(jobId).orElseThrow().errorCode());
    }

    @Test
    void whenFailJobCouldNotPublish_theGuardSendsTheOneMessage_andARepeatedEventSendsNoSecond() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        f.outcomes().fail(jobId, "dev.photoreel.workflow.exceptions.JobValidationException", "{\"errorMessage\":\"bad\"}");
        f.notifier.failNext(new IllegalStateException("sns down"));
        assertThrows(IllegalStateException.class, () -> f.notifications().notify(jobId, "notify-failure"));
        assertEquals(JobAttributes.NOTIFICATION_PENDING, f.jobs.find(jobId).orElseThrow().notification());

        assertEquals(Action.NOTIFIED, f.guard().onExecutionEnded(ended(jobId, "FAILED"), "guard-1").action());
        assertEquals(Action.ALREADY_SETTLED, f.guard().onExecutionEnded(ended(jobId, "FAILED"), "guard-2").action());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void whileAnotherAttemptHoldsTheClaim_theGuardLeavesTheMessageToIt() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.outcomes().fail(jobId, "States.Timeout", null);
        f.jobs.claimNotification(jobId, "notify-failure", f.now(), NotificationService.CLAIM_LEASE);

        assertEquals(Action.NOTIFICATION_IN_PROGRESS, f.guard().onExecutionEnded(ended(jobId, "ABORTED"), "guard-1").action());
        assertEquals(0, f.notifier.messages.size());
    }

    @Test
    void aCompletedJobStaysCompleted_andGetsItsSuccessMessageIfNoneWentOut() {
        String jobId = f.jobIn(JobStatus.STORING);
        f.jobs.transition(jobId, JobStatus.COMPLETED, Map.of(JobAttributes.VIDEO_KEY, "videos/" + jobId + ".mp4",
                JobAttributes.SIZE_BYTES, 10, JobAttributes.DURATION_SECONDS, 3.0), f.now());

        f.guard().onExecutionEnded(ended(jobId, "ABORTED"), "guard-1");

        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
        assertEquals(Map.of("status", "COMPLETED", "jobId", jobId, "version", "1"), f.notifier.messages.get(0).attributes());
    }

    @Test
    void aRevisionsExecutionName_findsItsJob_evenWithoutAnInput() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        GuardService.GuardResult result = f.guard().onExecutionEnded(
                new ExecutionEnded("arn", jobId + "-r2", "ABORTED", "not json", null), "guard-1");
        assertEquals(jobId, result.jobId());
        assertEquals(JobStatus.FAILED, f.jobs.find(jobId).orElseThrow().status());
    }

    @Test
    void succeededOrUnknownExecutions_areIgnored() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        assertEquals(Action.IGNORED, f.guard().onExecutionEnded(ended(jobId, "SUCCEEDED"), "g").action());
        assertEquals(Action.IGNORED, f.guard().onExecutionEnded(
                new ExecutionEnded("arn", "someone-else", "FAILED", null, null), "g").action());
        assertEquals(JobStatus.RENDERING, f.jobs.find(jobId).orElseThrow().status());
        assertNotNull(f.jobs.find(jobId));
        assertEquals(0, f.notifier.messages.size());
    }
}
