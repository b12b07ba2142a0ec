package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.RenderService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Check Render: polls the render once and says when to poll next. Result at {@code $.render}. */
public final class CheckRenderHandler extends StepHandler {

    private final RenderService service;

    public CheckRenderHandler() {
        this(Wiring.instance().render(), PowertoolsMetrics.INSTANCE);
    }

    CheckRenderHandler(RenderService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "CheckRender";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.check(state.requireJobId(), state.previousRenderPoll(), state.settingsOr(StepHandler::defaultSettings));
    }
}
