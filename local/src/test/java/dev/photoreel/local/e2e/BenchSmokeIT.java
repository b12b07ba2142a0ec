package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.bench.BenchReport;
import dev.photoreel.local.bench.BenchStack;
import dev.photoreel.local.bench.ConcurrencyRow;
import dev.photoreel.local.bench.OverheadRow;
import dev.photoreel.local.bench.PollingRow;
import dev.photoreel.local.stack.StackOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's code paths with tiny parameters on the end-to-end stack: the report has its structure and its
 * figures are sane (counts add up, ratios above 0). Nothing here is timed: speed is the benchmark's business.
 */
class BenchSmokeIT {

    private static final Path FOLDER = StackOptions.findProjectRoot(Path.of("")).resolve("examples/seaside");

    @AfterEach
    void reset() {
        E2eStack.resetVendor();
    }

    private static BenchStack bench() {
        return BenchStack.on(E2eStack.stack(), E2eStack.emulator());
    }

    @Test
    void bench_rowsOnTinyParameters_reportSaneFiguresThatAddUp() throws Exception {
        E2eStack.resetVendor();
        String tag = "smoke-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        ObjectNode concurrency = ConcurrencyRow.run(bench(), E2eStack.inbox(), FOLDER, 3, Duration.ofSeconds(1), tag + "-c");
        assertEquals(3, concurrency.path("completed").asInt() + concurrency.path("failed").asInt() + concurrency.path("unfinished").asInt());
        assertEquals(3, concurrency.path("completed").asInt(), concurrency.toPrettyString());
        assertEquals(3, concurrency.path("executions").asInt(), "one execution per upload set");
        assertEquals(3, concurrency.path("notifications").asInt(), "one notification per job");
        assertTrue(concurrency.path("oneSharedToken").asBoolean(), "the jobs share the stack's one vendor token: " + concurrency);
        assertTrue(concurrency.path("wallSeconds").asDouble() > 0);
        assertTrue(concurrency.path("p50Seconds").asDouble() <= concurrency.path("p95Seconds").asDouble());
        assertTrue(concurrency.path("p95Seconds").asDouble() <= concurrency.path("wallSeconds").asDouble() + 0.01);
        assertTrue(concurrency.path("jobsPerMinute").asDouble() > 0);
        JsonNode stages = concurrency.path("stages");
        assertTrue(stages.has("rendering->storing") && stages.has("completed->notified"), stages.toString());
        stages.forEach(stage -> assertTrue(stage.path("medianSeconds").asDouble() >= 0, stages.toString()));

        ObjectNode overhead = OverheadRow.run(bench(), FOLDER, 1, Duration.ofSeconds(1), false, tag + "-o");
        assertTrue(overhead.path("stackMedianSeconds").asDouble() > 0 && overhead.path("bareMedianSeconds").asDouble() > 0);
        assertTrue(overhead.path("ratio").asDouble() > 0);
        assertTrue(overhead.path("stateTransitionsMedian").asDouble() > 10, "a whole job's execution: " + overhead);
        assertTrue(overhead.path("historyEventsMedian").asDouble() >= overhead.path("stateTransitionsMedian").asDouble());
        JsonNode states = overhead.path("stackStateSeconds");
        assertTrue(states.has("Check Uploads") && states.has("Stream Instruction") && states.has("Notify Success"), states.toString());
        states.forEach(seconds -> assertTrue(seconds.asDouble() >= 0, states.toString()));
        // one run: its phases add up to its total (each rounded to 0.01 s)
        double phases = 0;
        for (JsonNode seconds : overhead.path("barePhaseSeconds")) {
            phases += seconds.asDouble();
        }
        assertEquals(overhead.path("bareMedianSeconds").asDouble(), phases, 0.06, overhead.path("barePhaseSeconds").toString());

        ObjectNode polling = PollingRow.measure(bench(), "fixed", FOLDER, PollingRow.renderDurations(2, 1), tag + "-p");
        JsonNode job = polling.path("jobs").get(0);
        assertEquals("COMPLETED", job.path("status").asText());
        assertTrue(job.path("delaySeconds").asDouble() > 0, "the notification comes after the render finished: " + polling);
        assertTrue(job.path("renderPolls").asInt() >= 1);
        assertEquals(job.path("delaySeconds").asDouble(), polling.path("medianDelaySeconds").asDouble());

        BenchReport report = new BenchReport();
        report.row("concurrency", concurrency);
        report.row("overhead", overhead);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report.printTables(new PrintStream(text, true, StandardCharsets.UTF_8));
        String table = text.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("ratio stack / bare") && table.contains("one shared token for all 3 jobs"), table);
        assertTrue(table.contains("where the time goes (median s)") && table.contains("| instruction stream"), table);
        assertTrue(report.json().path("rows").has("overhead"));
    }
}
