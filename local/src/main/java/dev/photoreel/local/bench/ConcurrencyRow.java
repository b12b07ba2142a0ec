package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.workflow.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * N jobs at once with canned renders: how many completed, failed, executions, notifications, vendor tokens minted,
 * the wall time, latency percentiles, throughput, and where the time goes per stage (the job items' timestamps).
 */
public final class ConcurrencyRow {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** The job item's stage timestamps in the order a job passes them, then the notification. */
    private static final List<String> STAGES = List.of(JobStatus.RECEIVED.timestampAttribute(),
            JobStatus.WAITING_FOR_UPLOADS.timestampAttribute(), JobStatus.VALIDATING.timestampAttribute(),
            JobStatus.UPLOADING.timestampAttribute(), JobStatus.EDITING.timestampAttribute(), JobStatus.RENDERING.timestampAttribute(),
            JobStatus.STORING.timestampAttribute(), JobStatus.COMPLETED.timestampAttribute(), "notifiedAt");

    private ConcurrencyRow() {
    }

    public static ObjectNode run(BenchStack s, NotificationInbox inbox, Path folder, int jobs, Duration cannedRender, String tag) throws Exception {
        s.emulator().faults().cannedRender(cannedRender);
        int tokensBefore = s.tokensMinted();
        Map<String, Long> started = new LinkedHashMap<>();
        ExecutorService uploads = Executors.newFixedThreadPool(Math.min(jobs, 20));
        try {
            List<Future<Long>> futures = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                String name = tag + "-" + i;
                names.add(name);
                futures.add(uploads.submit(() -> s.upload(folder, name)));
            }
            for (int i = 0; i < jobs; i++) {
                started.put(names.get(i), futures.get(i).get());
            }
        } finally {
            uploads.shutdownNow();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<BenchStack.FinishedJob> finished = new ArrayList<>();
        for (Map.Entry<String, Long> upload : started.entrySet()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            s.awaitFinished(upload.getKey(), upload.getValue(), left).ifPresent(finished::add);
        }
        Set<String> ids = finished.stream().map(BenchStack.FinishedJob::jobId).collect(Collectors.toSet());
        int notifications = inbox.awaitCount(n -> ids.contains(n.body().path("jobId").asText()), ids.size(), Duration.ofSeconds(20));
        long firstUpload = started.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long lastNotified = finished.stream().mapToLong(BenchStack.FinishedJob::notifiedAt).max().orElse(firstUpload);
        double wall = (lastNotified - firstUpload) / 1000.0;
        List<Double> latencies = finished.stream().map(BenchStack.FinishedJob::latencySeconds).toList();
        long completed = finished.stream().filter(j -> "COMPLETED".equals(j.status())).count();
        int tokens = s.tokensMinted() - tokensBefore;

        ObjectNode row = BenchReport.JSON.createObjectNode();
        row.put("jobs", jobs);
        row.put("cannedRenderSeconds", cannedRender.toMillis() / 1000.0);
        row.put("completed", completed);
        row.put("failed", finished.stream().filter(j -> "FAILED".equals(j.status())).count());
        row.put("unfinished", jobs - finished.size());
        row.put("executions", s.executions(tag + "-"));
        row.put("notifications", notifications);
        row.put("tokensMinted", tokens);
        row.put("tokensMintedBefore", tokensBefore);
        // a fresh stack mints exactly once for all the jobs; one that had its token already mints none
        row.put("oneSharedToken", tokens == (tokensBefore == 0 ? 1 : 0));
        row.put("wallSeconds", Stats.round(wall, 2));
        row.put("p50Seconds", Stats.round(Stats.percentile(latencies, 50), 2));
        row.put("p95Seconds", Stats.round(Stats.percentile(latencies, 95), 2));
        row.put("jobsPerMinute", Stats.round(wall > 0 ? completed * 60.0 / wall : 0, 1));
        row.put("stateTransitionsMedian", Stats.median(finished.stream().map(BenchStack.FinishedJob::stateTransitions).toList()));
        row.set("stages", stages(finished));
        return row;
    }

    /** Per stage (from one timestamp to the next the job reached): median and p95 seconds, over the finished jobs. */
    private static ObjectNode stages(List<BenchStack.FinishedJob> finished) {
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        for (BenchStack.FinishedJob job : finished) {
            String from = "upload";
            long fromAt = job.uploadStartedAt();
            for (String stage : STAGES) {
                Optional<Long> at = time(job.item(), stage);
                if (at.isPresent()) {
                    String name = from + "->" + stage.replaceAll("At$", "");
                    seconds.computeIfAbsent(name, k -> new ArrayList<>()).add((at.get() - fromAt) / 1000.0);
                    from = stage.replaceAll("At$", "");
                    fromAt = at.get();
                }
            }
        }
        ObjectNode stages = BenchReport.JSON.createObjectNode();
        List<String> order = new ArrayList<>(List.of("upload"));
        STAGES.forEach(stage -> order.add(stage.replaceAll("At$", "")));
        java.util.Comparator<String> byStage = java.util.Comparator.comparingInt((String name) -> order.indexOf(name.split("->")[1]))
                .thenComparingInt(name -> order.indexOf(name.split("->")[0]));
        Map<String, List<Double>> ordered = new java.util.TreeMap<>(byStage);
        ordered.putAll(seconds);
        ordered.forEach((name, values) -> stages.putObject(name).put("jobs", values.size())
                .put("medianSeconds", Stats.round(Stats.median(values), 2)).put("p95Seconds", Stats.round(Stats.percentile(values, 95), 2)));
        return stages;
    }

    private static Optional<Long> time(Map<String, AttributeValue> item, String attribute) {
        String text = JobItems.text(item, attribute);
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text).toEpochMilli());
    }
}
