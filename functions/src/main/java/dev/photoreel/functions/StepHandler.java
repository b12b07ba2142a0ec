package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.photoreel.workflow.JobSettings;
import dev.photoreel.workflow.WorkflowMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A workflow step: reads the execution state, makes one service call, writes the small result the
 * state machine stores at the step's ResultPath.
 */
public abstract class StepHandler implements RequestStreamHandler {

    static {
        Priming.register();
    }

    /** The loop settings of this function's environment (read at cold start by {@link Wiring}), for a state without {@code settings}. */
    static JobSettings defaultSettings() {
        return Wiring.instance().config.settings();
    }

    private final WorkflowMetrics metrics;

    StepHandler(WorkflowMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        WorkflowState state = Json.convert(Json.read(input), WorkflowState.class);
        Object result = Observed.run(context, state.jobId(), stage(), metrics, () -> handle(state, context));
        Json.write(output, result);
    }

    /** The stage name used in metrics, e.g. {@code ValidateJob}. */
    abstract String stage();

    abstract Object handle(WorkflowState state, Context context);
}
