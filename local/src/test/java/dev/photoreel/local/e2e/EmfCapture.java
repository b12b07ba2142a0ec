package dev.photoreel.local.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The EMF metrics the stack's functions write on standard output while something runs, as Lambda's log would have
 * them (the stack forwards each function's output to this JVM's). The output still reaches where it went before.
 */
final class EmfCapture {

    /** One metric of an EMF line: its namespace, its name, and the dimensions it is stored under with their values. */
    record Metric(String namespace, String name, Map<String, String> dimensions) {
    }

    /** What {@code run} returned, and the metrics written meanwhile. */
    record Captured<T>(T result, List<Metric> metrics) {
    }

    private EmfCapture() {
    }

    static <T> Captured<T> during(Supplier<T> run) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        T result;
        try {
            result = run.get();
        } finally {
            System.setOut(original);
        }
        List<Metric> metrics = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
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
        }
        return new Captured<>(result, metrics);
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("an EMF line that is not JSON: " + line, e);
        }
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
