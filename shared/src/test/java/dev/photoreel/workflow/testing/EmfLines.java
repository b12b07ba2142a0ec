package dev.photoreel.workflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metrics in CloudWatch EMF lines (a function's standard output), each as CloudWatch stores it. */
public final class EmfLines {

    /** One metric: its namespace, its name, and the dimensions it is stored under with their values. */
    public record Metric(String namespace, String name, Map<String, String> dimensions) {
    }

    private EmfLines() {
    }

    /** Every metric of every EMF line in {@code output}, once per dimension set of its directive; other lines are skipped. */
    public static List<Metric> metrics(String output) {
        List<Metric> metrics = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
                continue;
            }
            JsonNode emf = read(line);
            for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
                for (JsonNode dimensionSet : directive.path("Dimensions")) {
                    Map<String, String> dimensions = new TreeMap<>();
                    dimensionSet.forEach(name -> dimensions.put(name.asText(), emf.path(name.asText()).asText()));
                    directive.path("Metrics").forEach(metric -> metrics.add(
                            new Metric(directive.path("Namespace").asText(), metric.path("Name").asText(), dimensions)));
                }
            }
        }
        return metrics;
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("an EMF line that is not JSON: " + line, e);
        }
    }
}
