package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Check Uploads: are the uploads settled (a job.json, or quiet for the quiet period)? Result at {@code $.uploads}. */
public final class CheckUploadsHandler extends StepHandler {

    private final IntakeService service;

    public CheckUploadsHandler() {
        this(Wiring.instance().intake(), PowertoolsMetrics.INSTANCE);
    }

    CheckUploadsHandler(IntakeService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "CheckUploads";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.checkUploads(state.requireJobId(), state.uploadChecks(), state.settingsOr(StepHandler::defaultSettings));
    }
}
