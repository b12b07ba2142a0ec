package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.WorkflowMetrics;

/**
 * Mark Job Failed: turns the Catch's {@code $.error} ({@code {"Error", "Cause"}}) into an error code
 * and a message a person can act on, and marks the job failed (conditional). Result at
 * {@code $.failure}.
 */
public final class FailJobHandler extends StepHandler {

    private final JobOutcomeService service;

    public FailJobHandler() {
        this(Wiring.instance().outcomes(), PowertoolsMetrics.INSTANCE);
    }

    FailJobHandler(JobOutcomeService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "FailJob";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        WorkflowState.CaughtError error = state.error() == null ? new WorkflowState.CaughtError(null, null) : state.error();
        return service.fail(state.requireJobId(), error.error(), error.cause());
    }
}
