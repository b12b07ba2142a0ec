package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Authenticate Vendor: the shared token exists (minted only if needed) and credits remain. Result at {@code $.auth}. */
public final class AuthenticateVendorHandler extends StepHandler {

    private final EditingService service;

    public AuthenticateVendorHandler() {
        this(Wiring.instance().editing(), PowertoolsMetrics.INSTANCE);
    }

    AuthenticateVendorHandler(EditingService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "AuthenticateVendor";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.authenticate(state.requireJobId());
    }
}
