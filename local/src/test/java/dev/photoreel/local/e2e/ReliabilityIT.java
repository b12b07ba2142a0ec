package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.emulator.RenderFailure;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.PhotoreelStack;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * "Nothing lost, whatever fails" on the local stack: the real state machine, the guard on its executions (run by the
 * local stand-in for the EventBridge rule) and the reconciler (run on its schedule, every 3 s locally).
 */
class ReliabilityIT {

    private static final Duration EXECUTION_END = Duration.ofMinutes(3);

    @BeforeEach
    @AfterEach
    void reset() {
        E2eStack.resetVendor();
    }

    @Test
    void snsFailingPastTheRetries_leavesTheNotificationPending_andTheReconcilerSendsExactlyOneLater() {
        PhotoreelStack stack = E2eStack.stack();
        stack.faults().failSnsPublish(Integer.MAX_VALUE);
        E2eJob job = E2eJob.named("sns-down").photos("seaside", 2).manifest("{\"instruction\": \"a calm video\"}").upload();
        String jobId = job.jobId();
        try {
            assertEquals("SUCCEEDED", awaitExecutionEnd(jobId), "the video exists: the execution succeeds");
            assertTrue(enteredStates(jobId).contains("Notification Pending"), "Notify Success's Catch ended in Notification Pending");
            Map<String, AttributeValue> item = E2eStack.jobs().job(jobId).orElseThrow();
            assertEquals("COMPLETED", JobItems.text(item, "status"));
            assertEquals("PENDING", JobItems.text(item, "notification"));
            assertNull(JobItems.text(item, "notifiedAt"));
            assertTrue(stack.faults().snsPublishFailed() >= 1, "the fault knob failed the publishes");
            awaitReconcilerRuns(2);
            assertEquals(0, notifications(jobId), "nothing could be sent while SNS fails");
            assertEquals("PENDING", JobItems.text(E2eStack.jobs().job(jobId).orElseThrow(), "notification"),
                    "the reconciler's failed tries leave it pending");
        } finally {
            stack.faults().reset();
        }

        E2eJob.Outcome outcome = job.awaitOutcome();

        assertEquals("COMPLETED", outcome.status());
        assertTrue(outcome.body().path("video").path("url").asText().contains("videos/" + jobId + ".mp4"));
        awaitReconcilerRuns(2);
        E2eJob.assertOneNotification(jobId);
        Map<String, AttributeValue> item = E2eStack.jobs().job(jobId).orElseThrow();
        assertEquals("SENT", JobItems.text(item, "notification"));
        assertNull(JobItems.text(item, "pending"), "off the reconciler's index");
    }

    @Test
    void executionAbortedWhileTheJobIsMidFlight_isMarkedFailedByTheGuard_withExactlyOneNotification() {
        PhotoreelStack stack = E2eStack.stack();
        E2eStack.emulator().faults().renderFailure(RenderFailure.NEVER_FINISH);
        E2eJob job = E2eJob.named("aborted").photos("city", 2).manifest("{}").upload();
        String jobId = job.jobId();
        job.awaitStatus("RENDERING"::equals, Duration.ofMinutes(2));
        int guardRuns = stack.functions().invocationCount("GuardExecutionFunction");

        stack.aws().sfn().stopExecution(b -> b.executionArn(executionArn(jobId)).error("Operator").cause("stopped by ReliabilityIT"));

        E2eJob.Outcome outcome = job.awaitOutcome();
        assertEquals("ABORTED", awaitExecutionEnd(jobId));
        E2eJob.assertFailed(outcome, "EXECUTION_ABORTED", "stopped by an operator");
        assertTrue(outcome.body().path("error").path("message").asText().contains(job.prefix()), "says where to upload again");
        assertTrue(stack.functions().invocationCount("GuardExecutionFunction") > guardRuns, "the guard did it");
        awaitReconcilerRuns(2);
        E2eJob.assertOneNotification(jobId);
        assertEquals("SENT", JobItems.text(E2eStack.jobs().job(jobId).orElseThrow(), "notification"));
    }

    @Test
    void aJobFailedByTheWorkflowItself_isLeftAsItIsByTheGuard_oneNotification() {
        PhotoreelStack stack = E2eStack.stack();
        E2eStack.emulator().faults().renderFailure(RenderFailure.FAIL);
        int guardRuns = stack.functions().invocationCount("GuardExecutionFunction");
        E2eJob job = E2eJob.named("caught").photos("city", 2).manifest("{}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        assertEquals("FAILED", awaitExecutionEnd(job.jobId()));
        E2eJob.poll(() -> Optional.of(stack.functions().invocationCount("GuardExecutionFunction")).filter(n -> n > guardRuns),
                Duration.ofSeconds(30), "the guard never saw the FAILED execution");
        E2eJob.assertFailed(outcome, "RENDER_FAILED", "render");
        assertEquals("RENDER_FAILED", JobItems.text(E2eStack.jobs().job(job.jobId()).orElseThrow(), "errorCode"), "the first reason stays");
    }

    private static String executionArn(String jobId) {
        return E2eStack.stack().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + jobId;
    }

    private static String awaitExecutionEnd(String jobId) {
        return E2eJob.poll(() -> executionStatus(jobId).filter(s -> !s.equals("RUNNING")), EXECUTION_END,
                "execution " + jobId + " never ended");
    }

    /** The execution's status; empty while intake has created the job but not yet started its execution. */
    private static Optional<String> executionStatus(String jobId) {
        try {
            return Optional.of(E2eStack.stack().aws().sfn().describeExecution(b -> b.executionArn(executionArn(jobId))).statusAsString());
        } catch (ExecutionDoesNotExistException notYet) {
            return Optional.empty();
        }
    }

    private static java.util.List<String> enteredStates(String jobId) {
        return E2eStack.stack().aws().sfn().getExecutionHistoryPaginator(b -> b.executionArn(executionArn(jobId))).events().stream()
                .map(HistoryEvent::stateEnteredEventDetails).filter(java.util.Objects::nonNull).map(d -> d.name()).toList();
    }

    private static long notifications(String jobId) {
        return E2eStack.inbox().all(n -> jobId.equals(n.body().path("jobId").asText())).size();
    }

    /** Waits (polling, with a deadline) until the reconciler's schedule has run {@code runs} more times. */
    private static void awaitReconcilerRuns(int runs) {
        PhotoreelStack stack = E2eStack.stack();
        int target = stack.functions().invocationCount("ReconcileJobsFunction") + runs;
        E2eJob.poll(() -> Optional.of(stack.functions().invocationCount("ReconcileJobsFunction")).filter(n -> n >= target),
                Duration.ofSeconds(30), "the reconciler did not run " + runs + " more times");
    }
}
