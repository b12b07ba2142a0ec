package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.GuardService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * The guard on every execution: an EventBridge rule sends this state machine's FAILED, TIMED_OUT and
 * ABORTED "Step Functions Execution Status Change" events here. Makes the job's item final and sends its
 * one notification if none went out (idempotent with the state machine's Catch path).
 */
public final class GuardExecutionHandler implements RequestStreamHandler {

    static {
        Priming.register();
    }

    private final GuardService guard;
    private final WorkflowMetrics metrics;

    public GuardExecutionHandler() {
        this(Wiring.instance().guard(), PowertoolsMetrics.INSTANCE);
    }

    GuardExecutionHandler(GuardService guard, WorkflowMetrics metrics) {
        this.guard = guard;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        GuardService.ExecutionEnded event = parse(Json.read(input));
        String claimant = "guard-" + (context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID());
        GuardService.GuardResult result = Observed.run(context, event.name(), "GuardExecution", metrics,
                () -> guard.onExecutionEnded(event, claimant));
        Json.write(output, result);
    }

    /** The {@code detail} of a Step Functions status-change event. */
    static GuardService.ExecutionEnded parse(JsonNode event) {
        JsonNode detail = event.path("detail");
        return new GuardService.ExecutionEnded(text(detail, "executionArn"), text(detail, "name"), text(detail, "status"),
                text(detail, "input"), text(detail, "error"));
    }

    private static String text(JsonNode detail, String field) {
        JsonNode value = detail.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
