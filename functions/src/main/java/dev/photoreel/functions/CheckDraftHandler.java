package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Check Draft: is the session's draft exportable? Result at {@code $.draft}. */
public final class CheckDraftHandler extends StepHandler {

    private final EditingService service;

    public CheckDraftHandler() {
        this(Wiring.instance().editing(), PowertoolsMetrics.INSTANCE);
    }

    CheckDraftHandler(EditingService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "CheckDraft";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.checkDraft(state.requireJobId(), state.requireSessionId(), state.draftChecks(), state.settingsOr(StepHandler::defaultSettings));
    }
}
