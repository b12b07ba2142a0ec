package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.photoreel.workflow.ReconcileService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * The scheduled reconciler (EventBridge schedule): sends pending notifications, fails stuck jobs whose
 * execution ended, starts upload folders whose S3 event was lost. The event's content is not used.
 */
public final class ReconcileJobsHandler implements RequestStreamHandler {

    static {
        Priming.register();
    }

    private final ReconcileService reconciler;
    private final WorkflowMetrics metrics;

    public ReconcileJobsHandler() {
        this(Wiring.instance().reconciler(), PowertoolsMetrics.INSTANCE);
    }

    ReconcileJobsHandler(ReconcileService reconciler, WorkflowMetrics metrics) {
        this.reconciler = reconciler;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Json.read(input);
        String claimant = "reconcile-" + (context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : UUID.randomUUID());
        ReconcileService.Report report = Observed.run(context, null, "ReconcileJobs", metrics, () -> reconciler.reconcile(claimant));
        Json.write(output, report);
    }
}
