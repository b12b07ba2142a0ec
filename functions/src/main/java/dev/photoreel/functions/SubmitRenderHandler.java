package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.RenderService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Submit Render: exports the draft, unchanged. Result at {@code $.render}. */
public final class SubmitRenderHandler extends StepHandler {

    private final RenderService service;

    public SubmitRenderHandler() {
        this(Wiring.instance().render(), PowertoolsMetrics.INSTANCE);
    }

    SubmitRenderHandler(RenderService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "SubmitRender";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.submit(state.requireJobId(), state.requireSessionId(), state.settingsOr(StepHandler::defaultSettings));
    }
}
