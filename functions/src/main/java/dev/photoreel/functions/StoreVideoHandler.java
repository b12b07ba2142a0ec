package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.VideoService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Store Video: streams the MP4 into videos/<job-id>.mp4 and checks it. Result at {@code $.video}. */
public final class StoreVideoHandler extends StepHandler {

    private final VideoService service;

    public StoreVideoHandler() {
        this(Wiring.instance().video(), PowertoolsMetrics.INSTANCE);
    }

    StoreVideoHandler(VideoService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "StoreVideo";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.store(state.requireJobId(), state.requireRenderId());
    }
}
