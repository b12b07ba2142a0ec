package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orchestration overhead: the same job through the local stack (upload to notification) and as the bare vendor call
 * sequence against the same emulator, alternating, with canned renders; the medians, their ratio and the stack's
 * state transitions.
 */
public final class OverheadRow {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    private OverheadRow() {
    }

    public static ObjectNode run(BenchStack s, Path folder, int runs, Duration cannedRender, boolean warmUp, String tag) throws Exception {
        s.emulator().faults().cannedRender(cannedRender);
        int poll = pollIntervalSeconds(s);
        BareSequence bare = bare(s);
        if (warmUp) {
            stackJob(s, folder, tag + "-warm");
            bare.run(folder, BenchStack.INSTRUCTION);
        }
        List<Double> stackSeconds = new ArrayList<>();
        List<Double> bareSeconds = new ArrayList<>();
        List<Integer> events = new ArrayList<>();
        List<Integer> transitions = new ArrayList<>();
        List<Map<String, Double>> stackTimelines = new ArrayList<>();
        List<Map<String, Double>> barePhases = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            BenchStack.FinishedJob job = stackJob(s, folder, tag + "-" + i);
            stackSeconds.add(job.latencySeconds());
            events.add(job.historyEvents());
            transitions.add(job.stateTransitions());
            stackTimelines.add(job.timeline());
            BareSequence.Run run = bare.run(folder, BenchStack.INSTRUCTION);
            bareSeconds.add(run.seconds());
            barePhases.add(run.phases());
        }
        ObjectNode row = BenchReport.JSON.createObjectNode();
        row.put("runs", runs);
        row.put("cannedRenderSeconds", cannedRender.toMillis() / 1000.0);
        row.put("pollIntervalSeconds", poll);
        double stackMedian = Stats.median(stackSeconds);
        double bareMedian = Stats.median(bareSeconds);
        row.put("stackMedianSeconds", Stats.round(stackMedian, 2));
        row.put("bareMedianSeconds", Stats.round(bareMedian, 2));
        row.put("ratio", Stats.round(stackMedian / bareMedian, 2));
        row.put("historyEventsMedian", Stats.median(events));
        row.put("stateTransitionsMedian", Stats.median(transitions));
        ArrayNode stack = row.putArray("stackSeconds");
        stackSeconds.forEach(v -> stack.add(Stats.round(v, 2)));
        ArrayNode bareRuns = row.putArray("bareSeconds");
        bareSeconds.forEach(v -> bareRuns.add(Stats.round(v, 2)));
        row.set("stackStateSeconds", medians(stackTimelines));
        row.set("barePhaseSeconds", medians(barePhases));
        return row;
    }

    /** Per key (in the order first seen), the median over the runs that have it, in seconds. */
    static ObjectNode medians(List<Map<String, Double>> runs) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        runs.forEach(run -> run.forEach((key, value) -> values.computeIfAbsent(key, k -> new ArrayList<>()).add(value)));
        ObjectNode medians = BenchReport.JSON.createObjectNode();
        values.forEach((key, list) -> medians.put(key, Stats.round(Stats.median(list), 2)));
        return medians;
    }

    /** The bare sequence against the stack's vendor, checking the draft and polling at the stack's intervals. */
    static BareSequence bare(BenchStack s) {
        int draftCheck = Integer.parseInt(s.stack().handlerEnvironment().getOrDefault("DRAFT_CHECK_SECONDS", "1"));
        return new BareSequence(s.stack().endpoints().vendor(), s.stack().handlerEnvironment(), Duration.ofSeconds(draftCheck), Duration.ofSeconds(pollIntervalSeconds(s)));
    }

    private static int pollIntervalSeconds(BenchStack s) {
        return Integer.parseInt(s.stack().handlerEnvironment().get("POLL_INTERVAL_SECONDS"));
    }

    private static BenchStack.FinishedJob stackJob(BenchStack s, Path folder, String name) throws Exception {
        long started = s.upload(folder, name);
        BenchStack.FinishedJob job = s.awaitFinished(name, started, JOB_TIMEOUT)
                .orElseThrow(() -> new IllegalStateException("job " + name + " sent no notification within " + JOB_TIMEOUT.toMinutes() + " min"));
        if (!"COMPLETED".equals(job.status())) {
            throw new IllegalStateException("job " + job.jobId() + " ended " + job.status() + ": the overhead needs completed jobs");
        }
        return job;
    }
}
