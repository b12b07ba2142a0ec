package dev.photoreel.functions;

import dev.photoreel.config.Environment;
import dev.photoreel.workflow.FailureDescriber;
import dev.photoreel.workflow.WorkflowMetrics;
import java.time.Duration;
import java.util.Locale;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link WorkflowMetrics} as CloudWatch EMF through Powertools' functional API. The namespace comes
 * from {@code POWERTOOLS_METRICS_NAMESPACE} (required: the template's Globals set it), the service dimension from
 * {@code POWERTOOLS_SERVICE_NAME}. Failures can be graphed by cause: {@code JobsFailed} by {@code errorCode} and by
 * {@code fixedBy} (alarmed for {@code operator}), {@code StageDuration} by {@code stage}, {@code VendorErrors} by
 * {@code errorType}, each a metric of its own with that one dimension (next to the per-service metrics).
 */
final class PowertoolsMetrics implements WorkflowMetrics {

    /** Required (template.yaml's Globals set it); Powertools reads it too. */
    static final String NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    /** {@code JobsFailed}'s dimension for whose a failure is to fix ({@code user}, {@code operator}): the operator's are alarmed. */
    static final String FIXED_BY = "fixedBy";
    static final PowertoolsMetrics INSTANCE = new PowertoolsMetrics();

    private final Metrics metrics;
    private final String namespace;

    private PowertoolsMetrics() {
        metrics = MetricsFactory.getMetricsInstance();
        namespace = Environment.system().required(NAMESPACE);
        metrics.setNamespace(namespace);
        metrics.setRaiseOnEmptyMetrics(false);
    }

    /** One metric with one dimension of its own, flushed at once (the batch keeps the service dimension). */
    private void byCause(String name, double value, MetricUnit unit, String dimension, String cause) {
        metrics.flushSingleMetric(name, value, unit, namespace, DimensionSet.of(dimension, cause == null || cause.isBlank() ? "unknown" : cause));
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
    public void jobFailed(String errorCode, FailureDescriber.FixedBy fixedBy) {
        metrics.addMetric("JobsFailed", 1, MetricUnit.COUNT);
        metrics.addMetadata("errorCode", errorCode);
        byCause("JobsFailed", 1, MetricUnit.COUNT, "errorCode", errorCode);
        byCause("JobsFailed", 1, MetricUnit.COUNT, FIXED_BY, fixedBy.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public void stageDuration(String stage, Duration duration) {
        metrics.addMetric(stage + "Duration", duration.toMillis(), MetricUnit.MILLISECONDS);
        byCause("StageDuration", duration.toMillis(), MetricUnit.MILLISECONDS, "stage", stage);
    }

    @Override
    public void vendorError(String errorType) {
        metrics.addMetric("VendorErrors", 1, MetricUnit.COUNT);
        metrics.addMetadata("vendorError", errorType);
        byCause("VendorErrors", 1, MetricUnit.COUNT, "errorType", errorType);
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
