package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.NotificationService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.util.UUID;

/**
 * Notify Success: publishes the job's one SNS message (conditional "notified" flag on the job item). Result at
 * {@code $.notification}. A failed job is notified by Fail Job ({@link FailJobHandler}).
 */
public final class NotifyUserHandler extends StepHandler {

    private final NotificationService service;

    public NotifyUserHandler() {
        this(Wiring.instance().notifications(), PowertoolsMetrics.INSTANCE);
    }

    NotifyUserHandler(NotificationService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "NotifyUser";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        String claimant = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        return service.notify(state.requireJobId(), claimant);
    }
}
