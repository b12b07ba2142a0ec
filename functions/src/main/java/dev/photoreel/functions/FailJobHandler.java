package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.NotificationService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.util.UUID;

/**
 * Fail Job: turns the Catch's {@code $.error} ({@code {"Error", "Cause"}}) into an error code and a message a person
 * can act on, marks the job failed (conditional), and publishes the job's one notification (the same claim as Notify
 * Success, the guard and the reconciler, so the user is told once). Result at {@code $.failure}.
 *
 * <p>Both calls are idempotent, so the state machine's retry runs them again: a job already failed keeps its first
 * reason, a notification already sent is not sent again. A publish that fails leaves the job FAILED with its
 * notification pending; the guard (the execution ends FAILED) or the reconciler sends it.
 */
public final class FailJobHandler extends StepHandler {

    private final JobOutcomeService outcomes;
    private final NotificationService notifications;

    public FailJobHandler() {
        this(Wiring.instance().outcomes(), Wiring.instance().notifications(), PowertoolsMetrics.INSTANCE);
    }

    FailJobHandler(JobOutcomeService outcomes, NotificationService notifications, WorkflowMetrics metrics) {
        super(metrics);
        this.outcomes = outcomes;
        this.notifications = notifications;
    }

    /** {@code $.failure}: the job's outcome and its notification. */
    record Result(String status, String code, String message, NotificationService.NotificationResult notification) {
    }

    @Override
    String stage() {
        return "FailJob";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        WorkflowState.CaughtError error = state.error() == null ? new WorkflowState.CaughtError(null, null) : state.error();
        String jobId = state.requireJobId();
        JobOutcomeService.Outcome outcome = outcomes.fail(jobId, error.error(), error.cause(), state.loops());
        String claimant = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        return new Result(outcome.status(), outcome.code(), outcome.message(), notifications.notify(jobId, claimant));
    }
}
