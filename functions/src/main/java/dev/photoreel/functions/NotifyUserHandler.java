package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.NotificationService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.util.UUID;

/**
 * Notify Success / Notify Failure: publishes the job's one SNS message (conditional "notified" flag
 * on the job item). Result at {@code $.notification}. On the failure path ({@code $.error} present)
 * a job that Mark Job Failed could not mark is marked failed first, so the failure is still notified.
 */
public final class NotifyUserHandler extends StepHandler {

    private final NotificationService service;
    private final JobOutcomeService outcomes;

    public NotifyUserHandler() {
        this(Wiring.instance().notifications(), Wiring.instance().outcomes(), PowertoolsMetrics.INSTANCE);
    }

    NotifyUserHandler(NotificationService service, JobOutcomeService outcomes, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
        this.outcomes = outcomes;
    }

    @Override
    String stage() {
        return "NotifyUser";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        String claimant = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID().toString();
        if (state.error() != null) {
            outcomes.fail(state.requireJobId(), state.error().error(), state.error().cause());
        }
        return service.notify(state.requireJobId(), claimant);
    }
}
