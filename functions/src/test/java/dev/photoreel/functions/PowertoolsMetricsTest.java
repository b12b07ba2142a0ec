package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.functions.definition.ProjectFiles;
import dev.photoreel.template.CloudFormationTemplate;
import dev.photoreel.workflow.FailureDescriber.FixedBy;
import dev.photoreel.workflow.testing.EmfLines;
import dev.photoreel.workflow.testing.EmfLines.Metric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The EMF lines {@link PowertoolsMetrics} writes, read as CloudWatch would, against the alarms that watch them. */
class PowertoolsMetricsTest {

    @Test
    void jobsFailedAlarm_watchesTheMetricAnOperatorsFailureIsCountedIn_andNotAUsersOne() {
        List<Metric> operators = emitted(() -> PowertoolsMetrics.INSTANCE.jobFailed("VENDOR_AUTH_FAILED", FixedBy.OPERATOR));
        List<Metric> users = emitted(() -> PowertoolsMetrics.INSTANCE.jobFailed("INVALID_INPUT", FixedBy.USER));

        CloudFormationTemplate template = CloudFormationTemplate.parse(ProjectFiles.read("template.yaml"), "template.yaml");
        Metric watched = watchedCustomMetric(template, "JobsFailedAlarm").orElseThrow();
        // the functions' namespace is the Globals' POWERTOOLS_METRICS_NAMESPACE; these tests run with a namespace of their own
        assertEquals(template.environment("FailJobFunction").get(PowertoolsMetrics.NAMESPACE), watched.namespace());
        Metric expected = new Metric(System.getenv(PowertoolsMetrics.NAMESPACE), watched.name(), watched.dimensions());

        assertEquals(1, operators.stream().filter(expected::equals).count(),
                "an operator's failure is counted once in exactly the metric and dimensions the alarm watches: " + operators);
        assertFalse(users.stream().anyMatch(expected::equals), "a user's failure is not: " + users);
        assertEquals(1, users.stream().filter(metric -> metric.name().equals("JobsFailed")
                && metric.dimensions().equals(Map.of(PowertoolsMetrics.FIXED_BY, "user"))).count(), "it is graphed: " + users);
        for (List<Metric> failure : List.of(operators, users)) {
            assertEquals(1, failure.stream().filter(metric -> metric.dimensions().containsKey("errorCode")).count(),
                    "still graphed by error code: " + failure);
        }
    }

    @Test
    void theActionAlarms_watchTheMetricTheirFunctionEmits_underItsServiceName() {
        CloudFormationTemplate template = CloudFormationTemplate.parse(ProjectFiles.read("template.yaml"), "template.yaml");
        record ActionAlarm(String function, Runnable recording) {
        }
        Map<String, ActionAlarm> actionAlarms = Map.of(
                "GuardActionsAlarm", new ActionAlarm("GuardExecutionFunction", () -> PowertoolsMetrics.INSTANCE.guardAction("JobMarkedFailed")),
                "ReconcilerActionsAlarm", new ActionAlarm("ReconcileJobsFunction", () -> PowertoolsMetrics.INSTANCE.reconcilerAction("StuckJobFailed")),
                "ReconcilerErrorsAlarm", new ActionAlarm("ReconcileJobsFunction", () -> PowertoolsMetrics.INSTANCE.reconcilerAction("Error")));
        Set<String> readingOurs = new TreeSet<>(template.resourcesOfType("AWS::CloudWatch::Alarm").keySet());
        readingOurs.removeIf(id -> watchedCustomMetric(template, id).isEmpty());
        assertEquals(new TreeSet<>(List.of("GuardActionsAlarm", "ReconcilerActionsAlarm", "ReconcilerErrorsAlarm", "JobsFailedAlarm")),
                readingOurs, "every alarm on a metric of ours is checked against what the code emits, here or above");

        actionAlarms.forEach((alarmId, alarm) -> {
            Metric watched = watchedCustomMetric(template, alarmId).orElseThrow();
            // the batch's one dimension is the function's service name; these tests run under a service name of their own
            assertEquals(Map.of("Service", CloudFormationTemplate.text(template.environment(alarm.function())
                    .get("POWERTOOLS_SERVICE_NAME"))), watched.dimensions(), alarmId + " watches its function's service");
            Metric expected = new Metric(System.getenv(PowertoolsMetrics.NAMESPACE), watched.name(),
                    Map.of("Service", System.getenv("POWERTOOLS_SERVICE_NAME")));
            List<Metric> emitted = emitted(alarm.recording());
            assertEquals(1, emitted.stream().filter(expected::equals).count(), alarmId + ": " + emitted);
        });
    }

    /** The custom (non-AWS) metric an alarm reads, alone or in its metric math; empty for an alarm on AWS metrics only. */
    private static Optional<Metric> watchedCustomMetric(CloudFormationTemplate template, String alarmId) {
        Map<String, Object> alarm = template.properties(alarmId);
        List<Map<String, Object>> metrics = new ArrayList<>();
        if (alarm.containsKey("MetricName")) {
            metrics.add(alarm);
        }
        for (Object query : CloudFormationTemplate.asList(alarm.get("Metrics"))) {
            metrics.add(CloudFormationTemplate.map(CloudFormationTemplate.map(CloudFormationTemplate.map(query).get("MetricStat")).get("Metric")));
        }
        List<Metric> custom = new ArrayList<>();
        for (Map<String, Object> metric : metrics) {
            String namespace = CloudFormationTemplate.text(metric.get("Namespace"));
            if (namespace != null && !namespace.startsWith("AWS/")) {
                Map<String, String> dimensions = new TreeMap<>();
                for (Object dimension : CloudFormationTemplate.asList(metric.get("Dimensions"))) {
                    Map<String, Object> pair = CloudFormationTemplate.map(dimension);
                    dimensions.put(CloudFormationTemplate.text(pair.get("Name")), CloudFormationTemplate.text(pair.get("Value")));
                }
                custom.add(new Metric(namespace, CloudFormationTemplate.text(metric.get("MetricName")), dimensions));
            }
        }
        assertTrue(custom.size() <= 1, alarmId + " reads at most one metric of ours: " + custom);
        return custom.stream().findFirst();
    }

    /** Every metric in the EMF lines {@code recording} writes to standard output, with the dimensions of each directive. */
    private static List<Metric> emitted(Runnable recording) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            recording.run();
            PowertoolsMetrics.INSTANCE.flush();
        } finally {
            System.setOut(original);
        }
        return EmfLines.metrics(captured.toString(StandardCharsets.UTF_8));
    }
}
