package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Upload Media: by presigned S3 URL, multipart from S3 as the fallback. Result at {@code $.upload}. */
public final class UploadMediaHandler extends StepHandler {

    private final EditingService service;

    public UploadMediaHandler() {
        this(Wiring.instance().editing(), PowertoolsMetrics.INSTANCE);
    }

    UploadMediaHandler(EditingService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "UploadMedia";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.uploadMedia(state.requireJobId(), state.requireSessionId());
    }
}
