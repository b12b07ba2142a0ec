package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import java.time.Duration;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link WorkflowMetrics} as CloudWatch EMF through Powertools' functional API. The namespace comes
 * from {@code POWERTOOLS_METRICS_NAMESPACE} (default {@code photoreel}), the service dimension from
 * {@code POWERTOOLS_SERVICE_NAME}.
 */
final class PowertoolsMetrics implements WorkflowMetrics {

    static final PowertoolsMetrics INSTANCE = new PowertoolsMetrics();

    private final Metrics metrics;

    private PowertoolsMetrics() {
        metrics = MetricsFactory.getMetricsInstance();
        String namespace = System.getenv("POWERTOOLS_METRICS_NAMESPACE");
        metrics.setNamespace(namespace == null || namespace.isBlank() ? "photoreel" : namespace);
        metrics.setRaiseOnEmptyMetrics(false);
    }

    @Override
    public void jobStarted() {
        metrics.addMetric("JobsStarted", 1, MetricUnit.COUNT);
    }

    @Override
    public void jobCompleted(Duration total) {
        metrics.addMetric("JobsCompleted", 1, MetricUnit.COUNT);
        metrics.addMetric("JobDuration", total.toMillis() / 1000.0, MetricUnit.SECONDS);
    }

    @Override
    public void jobFailed(String errorCode) {
        metrics.addMetric("JobsFailed", 1, MetricUnit.COUNT);
        metrics.addMetadata("errorCode", errorCode);
    }

    @Override
    public void stageDuration(String stage, Duration duration) {
        metrics.addMetric(stage + "Duration", duration.toMillis(), MetricUnit.MILLISECONDS);
    }

    @Override
    public void vendorError(String errorType) {
        metrics.addMetric("VendorErrors", 1, MetricUnit.COUNT);
        metrics.addMetadata("vendorError", errorType);
    }

    @Override
    public void guardAction(String action) {
        metrics.addMetric("GuardActions", 1, MetricUnit.COUNT);
        metrics.addMetadata("guardAction", action);
    }

    @Override
    public void reconcilerAction(String action) {
        metrics.addMetric("Error".equals(action) ? "ReconcilerErrors" : "ReconcilerActions", 1, MetricUnit.COUNT);
        metrics.addMetadata("reconcilerAction", action);
    }

    @Override
    public void flush() {
        metrics.flush();
    }
}
