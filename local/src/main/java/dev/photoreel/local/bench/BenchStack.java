package dev.photoreel.local.bench;

import dev.photoreel.local.emulator.NemoEmulator;
import dev.photoreel.local.run.FolderUpload;
import dev.photoreel.local.stack.EmulatorVendor;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The local stack and its emulator as the benchmark drives them: uploads a folder as a job, waits for the job's
 * notification (the job item's {@code notifiedAt}, the stack's own timestamp, so the benchmark's polling does not
 * change the figures) and reads what the job cost (execution history, stage timestamps).
 */
public final class BenchStack implements AutoCloseable {

    /** The instruction every benchmark job sends (the README's). */
    static final String INSTRUCTION = "turn my images into a smooth video with transitions and background music";
    /** How often the benchmark looks at the job items; the figures come from the items' own timestamps, so looking less often
     * changes no figure and leaves moto (which the measured jobs share) less busy. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    /** One finished job: what the user saw and what it cost. */
    record FinishedJob(String jobId, String status, long uploadStartedAt, long notifiedAt, Map<String, AttributeValue> item,
                       int historyEvents, int stateTransitions, int renderPolls, int renderLoopTransitions,
                       int draftChecks, Optional<Long> renderCompletedAt, Map<String, Double> timeline) {
        double latencySeconds() {
            return (notifiedAt - uploadStartedAt) / 1000.0;
        }
    }

    private final PhotoreelStack stack;
    private final NemoEmulator emulator;
    private final boolean owned;
    private final JobItems jobs;

    private BenchStack(PhotoreelStack stack, NemoEmulator emulator, boolean owned) {
        this.stack = stack;
        this.emulator = emulator;
        this.owned = owned;
        this.jobs = new JobItems(stack);
    }

    /** A stack someone else started (and stops), e.g. the end-to-end tests' stack. */
    public static BenchStack on(PhotoreelStack stack, NemoEmulator emulator) {
        return new BenchStack(stack, emulator, false);
    }

    /** Starts a stack with an emulator: render polls between {@code minPollSeconds} and {@code pollIntervalSeconds}. */
    static BenchStack start(Path root, String name, int pollIntervalSeconds, int minPollSeconds, Duration cannedRender) throws IOException {
        EmulatorVendor vendor = EmulatorVendor.start(root.resolve("target/photoreel-bench/" + name + "-emulator"),
                b -> b.startingCredits(1_000_000).cannedRender(cannedRender));
        StackOptions options = new StackOptions(root, 3, pollIntervalSeconds, 1800, 2, Map.of(),
                Map.of("MinPollSeconds", String.valueOf(minPollSeconds))).withScheduleInterval(StackOptions.LOCAL_SCHEDULE_INTERVAL);
        return new BenchStack(PhotoreelStack.start(options, vendor), vendor.emulator(), true);
    }

    PhotoreelStack stack() {
        return stack;
    }

    NemoEmulator emulator() {
        return emulator;
    }

    /** The render poll settings the stack's executions get. */
    String pollSettings() {
        Map<String, String> env = stack.handlerEnvironment();
        return "poll interval " + env.get("POLL_INTERVAL_SECONDS") + " s, floor " + env.getOrDefault("MIN_POLL_SECONDS", "?") + " s";
    }

    /** Tokens the emulator minted for the stack's client id so far. */
    int tokensMinted() {
        return emulator.tokensMinted(PhotoreelStack.LOCAL_CLIENT_ID);
    }

    /** Uploads {@code folder} under {@code uploads/<name>/} ({@code job.json} last); returns when the upload started. */
    long upload(Path folder, String name) throws IOException {
        long started = System.currentTimeMillis();
        FolderUpload.upload(stack.aws().s3(), stack.bucket(), folder, prefix(name), INSTRUCTION, null);
        return started;
    }

    static String prefix(String name) {
        return "uploads/" + name + "/";
    }

    /** Waits until the job of upload {@code name} has sent its notification; empty when it did not within {@code timeout}. */
    Optional<FinishedJob> awaitFinished(String name, long uploadStartedAt, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String jobId = null;
        while (System.nanoTime() < deadline) {
            if (jobId == null) {
                jobId = jobs.currentJobId(prefix(name)).orElse(null);
            }
            if (jobId != null) {
                Optional<Map<String, AttributeValue>> item = jobs.job(jobId);
                String notifiedAt = item.map(i -> JobItems.text(i, "notifiedAt")).orElse(null);
                if (notifiedAt != null) {
                    return Optional.of(finished(jobId, uploadStartedAt, item.get(), Instant.parse(notifiedAt).toEpochMilli()));
                }
            }
            LockSupport.parkNanos(LOOK_EVERY.toNanos());
        }
        return Optional.empty();
    }

    private FinishedJob finished(String jobId, long uploadStartedAt, Map<String, AttributeValue> item, long notifiedAt) {
        List<HistoryEvent> history = history(jobId);
        int entered = (int) history.stream().filter(e -> e.stateEnteredEventDetails() != null).count();
        int polls = entered(history, Set.of("Check Render"));
        int renderLoop = entered(history, RENDER_LOOP);
        // each Stream Instruction ends with a draft check of its own
        int draftChecks = entered(history, Set.of("Stream Instruction", "Check Draft"));
        String renderId = JobItems.text(item, "renderId");
        Optional<Long> rendered = renderId == null ? Optional.empty() : emulator.renderCompletedAt(renderId);
        return new FinishedJob(jobId, JobItems.text(item, "status"), uploadStartedAt, notifiedAt, item, history.size(), entered, polls, renderLoop, draftChecks,
                rendered, timeline(history, uploadStartedAt, notifiedAt));
    }

    /** What the intake took: from the upload's start to the execution's start. */
    static final String INTAKE = "(intake: upload to execution start)";
    /** The interpreter's own time: from a state's exit to the next state's entry. */
    static final String BETWEEN_STATES = "(interpreter: between states)";
    /** From the Notify step's own timestamp on the job item to the step's exit (not part of the latency). */
    static final String TO_NOTIFIED = "(execution start to notifiedAt, total)";

    /**
     * Where one execution's time went, in seconds, in the order the states were first entered: the intake, every
     * state's time from entry to exit (a state entered several times, such as Check Render, summed), the interpreter's
     * time between states, and the total from the execution's start to the item's {@code notifiedAt}.
     */
    static Map<String, Double> timeline(List<HistoryEvent> history, long uploadStartedAt, long notifiedAt) {
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        Instant started = history.stream().filter(e -> e.executionStartedEventDetails() != null).map(HistoryEvent::timestamp)
                .findFirst().orElse(null);
        if (started == null) {
            return seconds;
        }
        seconds.put(INTAKE, (started.toEpochMilli() - uploadStartedAt) / 1000.0);
        Map<String, Instant> entered = new java.util.HashMap<>();
        Instant lastExit = started;
        double between = 0;
        for (HistoryEvent event : history) {
            if (event.stateEnteredEventDetails() != null) {
                String name = event.stateEnteredEventDetails().name();
                entered.put(name, event.timestamp());
                between += Math.max(0, Duration.between(lastExit, event.timestamp()).toMillis()) / 1000.0;
                seconds.putIfAbsent(name, 0.0);
            } else if (event.stateExitedEventDetails() != null) {
                String name = event.stateExitedEventDetails().name();
                Instant at = entered.remove(name);
                if (at != null) {
                    seconds.merge(name, Duration.between(at, event.timestamp()).toMillis() / 1000.0, Double::sum);
                }
                lastExit = event.timestamp();
            }
        }
        seconds.put(BETWEEN_STATES, between);
        seconds.put(TO_NOTIFIED, (notifiedAt - started.toEpochMilli()) / 1000.0);
        return seconds;
    }

    /** The states of the render loop (between Submit Render and Store Video). */
    private static final Set<String> RENDER_LOOP = Set.of("Wait For Render", "Check Render", "Render Finished?");

    private static int entered(List<HistoryEvent> history, Set<String> states) {
        return (int) history.stream().filter(e -> e.stateEnteredEventDetails() != null)
                .filter(e -> states.contains(e.stateEnteredEventDetails().name())).count();
    }

    /** The execution's history, once it has ended (the Notify step's own transitions come after the item's notifiedAt). */
    private List<HistoryEvent> history(String jobId) {
        String arn = stack.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + jobId;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && "RUNNING".equals(stack.aws().sfn().describeExecution(b -> b.executionArn(arn)).statusAsString())) {
            LockSupport.parkNanos(LOOK_EVERY.toNanos());
        }
        return stack.aws().sfn().getExecutionHistoryPaginator(b -> b.executionArn(arn)).events().stream().toList();
    }

    /** How many executions the state machine has whose name starts with {@code namePrefix}. */
    int executions(String namePrefix) {
        return (int) stack.aws().sfn().listExecutionsPaginator(b -> b.stateMachineArn(stack.stateMachineArn())).executions().stream()
                .filter(e -> e.name().startsWith(namePrefix)).count();
    }

    @Override
    public void close() {
        if (owned) {
            stack.close();
        }
    }
}
