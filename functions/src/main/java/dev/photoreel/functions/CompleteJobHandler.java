package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Complete Job: marks the job completed (conditional). Result at {@code $.completion}. */
public final class CompleteJobHandler extends StepHandler {

    private final JobOutcomeService service;

    public CompleteJobHandler() {
        this(Wiring.instance().outcomes(), PowertoolsMetrics.INSTANCE);
    }

    CompleteJobHandler(JobOutcomeService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "CompleteJob";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.complete(state.requireJobId());
    }
}
