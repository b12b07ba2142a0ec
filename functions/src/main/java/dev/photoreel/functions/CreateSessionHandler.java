package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.WorkflowMetrics;

/**
 * Create Session: the vendor session for the job. Result at {@code $.vendor}. Entered again from the
 * "Session Lost?" Choice (the vendor answered 1002 for the session in {@code $.vendor}), it replaces
 * that session and counts {@code $.vendor.renewals} up.
 */
public final class CreateSessionHandler extends StepHandler {

    private final EditingService service;

    public CreateSessionHandler() {
        this(Wiring.instance().editing(), PowertoolsMetrics.INSTANCE);
    }

    CreateSessionHandler(EditingService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "CreateSession";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.createSession(state.requireJobId(), state.lostSessionId(), state.sessionRenewals());
    }
}
