package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Render-poll delay at production-like settings (30 s poll interval, canned renders of about a minute): how long after
 * the render finished (the emulator's timestamp) the notification went out (the job item's {@code notifiedAt}), and
 * how many state transitions the execution made, for fixed 30 s polling and for progress-based polling, side by side.
 * Each mode needs its own stack (the settings come from the handlers' environment, read once per JVM), so each runs
 * in a child JVM ({@code bench --polling-mode fixed|progress}); the two run at the same time.
 */
public final class PollingRow {

    static final int INTERVAL_SECONDS = 30;
    static final int FLOOR_SECONDS = 2;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(30);

    private PollingRow() {
    }

    /** The render durations of {@code jobs} jobs around {@code seconds}, 15 s apart (so they do not all sit alike on the 30 s grid). */
    public static List<Duration> renderDurations(double seconds, int jobs) {
        List<Duration> durations = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            double offset = (i - (jobs - 1) / 2.0) * 15;
            durations.add(Duration.ofMillis((long) (Math.max(1, seconds + offset) * 1000)));
        }
        return durations;
    }

    /** One mode on this stack: the jobs one after another, each with its canned render duration. */
    public static ObjectNode measure(BenchStack s, String mode, Path folder, List<Duration> renders, String tag) throws IOException {
        ObjectNode row = BenchReport.JSON.createObjectNode();
        row.put("mode", mode);
        row.put("settings", s.pollSettings());
        List<Double> delays = new ArrayList<>();
        List<Integer> transitions = new ArrayList<>();
        List<Integer> polls = new ArrayList<>();
        List<Integer> renderLoop = new ArrayList<>();
        ArrayNode jobs = row.putArray("jobs");
        for (int i = 0; i < renders.size(); i++) {
            s.emulator().faults().cannedRender(renders.get(i));
            String name = tag + "-" + i;
            long started = s.upload(folder, name);
            BenchStack.FinishedJob job = s.awaitFinished(name, started, Duration.ofMinutes(10))
                    .orElseThrow(() -> new IllegalStateException("job " + name + " sent no notification within 10 min"));
            long rendered = job.renderCompletedAt()
                    .orElseThrow(() -> new IllegalStateException("job " + job.jobId() + " ended " + job.status() + " without a finished render"));
            double delay = (job.notifiedAt() - rendered) / 1000.0;
            delays.add(delay);
            transitions.add(job.stateTransitions());
            polls.add(job.renderPolls());
            renderLoop.add(job.renderLoopTransitions());
            jobs.addObject().put("renderSeconds", renders.get(i).toMillis() / 1000.0).put("delaySeconds", Stats.round(delay, 2))
                    .put("renderPolls", job.renderPolls()).put("renderLoopTransitions", job.renderLoopTransitions())
                    .put("draftChecks", job.draftChecks()).put("stateTransitions", job.stateTransitions())
                    .put("historyEvents", job.historyEvents()).put("status", job.status());
        }
        row.put("medianDelaySeconds", Stats.round(Stats.median(delays), 2));
        row.put("maxDelaySeconds", Stats.round(delays.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), 2));
        row.put("medianStateTransitions", Stats.median(transitions));
        row.put("medianRenderPolls", Stats.median(polls));
        row.put("medianRenderLoopTransitions", Stats.median(renderLoop));
        return row;
    }

    /** Both modes side by side, each in a child JVM running {@code bench --polling-mode <mode>}. */
    static ObjectNode sideBySide(Path root, Path logs, List<String> childArgs) throws IOException, InterruptedException {
        Map<String, Process> children = new LinkedHashMap<>();
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (String mode : List.of("fixed", "progress")) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Dphotoreel.home=" + root,
                    "-cp", System.getProperty("java.class.path"), "dev.photoreel.local.Main", "bench", "--polling-mode", mode));
            command.addAll(childArgs);
            Path out = logs.resolve("polling-" + mode + ".json");
            outputs.put(mode, out);
            children.put(mode, new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(logs.resolve("polling-" + mode + ".err").toFile()).start());
        }
        ObjectNode row = BenchReport.JSON.createObjectNode();
        for (Map.Entry<String, Process> child : children.entrySet()) {
            Process process = child.getValue();
            if (!process.waitFor(CHILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the " + child.getKey() + " polling run did not end within " + CHILD_TIMEOUT.toMinutes() + " min");
            }
            String text = Files.readString(outputs.get(child.getKey()), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || text.isEmpty()) {
                throw new IllegalStateException("the " + child.getKey() + " polling run failed (exit " + process.exitValue() + "); see "
                        + logs.resolve("polling-" + child.getKey() + ".err") + " and the bench logs in " + logs);
            }
            String last = text.substring(text.lastIndexOf('\n') + 1);
            row.set(child.getKey(), BenchReport.JSON.readTree(last));
        }
        JsonNode fixed = row.path("fixed");
        JsonNode progress = row.path("progress");
        row.put("delayRatio", Stats.round(progress.path("medianDelaySeconds").asDouble() / fixed.path("medianDelaySeconds").asDouble(), 2));
        row.put("transitionsRatio", Stats.round(progress.path("medianStateTransitions").asDouble()
                / fixed.path("medianStateTransitions").asDouble(), 2));
        row.put("renderLoopTransitionsRatio", Stats.round(progress.path("medianRenderLoopTransitions").asDouble()
                / fixed.path("medianRenderLoopTransitions").asDouble(), 2));
        return row;
    }
}
