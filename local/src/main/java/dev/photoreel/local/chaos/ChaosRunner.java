package dev.photoreel.local.chaos;

import dev.photoreel.local.emulator.NemoEmulator;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.workflow.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runs chaos scenarios on a running local stack: arms the fault, uploads the scenario's folders at once (two photos
 * and a job.json each, job.json last, as a person would), waits for every job's notification, and measures what the
 * table promises: one execution per folder, each job COMPLETED or FAILED with the expected code, exactly one
 * notification per job, none lost, no input changed, no video stored twice. Faults are cleared after each scenario.
 */
public final class ChaosRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRunner.class);
    private static final Duration SETTLE = Duration.ofSeconds(4);
    private static final Duration POLL = Duration.ofMillis(500);

    private final PhotoreelStack stack;
    private final NemoEmulator emulator;
    private final NotificationInbox inbox;
    private final JobItems jobItems;
    private final List<byte[]> photos;
    private final Duration scenarioLimit;

    public ChaosRunner(PhotoreelStack stack, NemoEmulator emulator, NotificationInbox inbox, Path photosFolder, Duration scenarioLimit) {
        this.stack = stack;
        this.emulator = emulator;
        this.inbox = inbox;
        this.jobItems = new JobItems(stack);
        this.photos = twoPhotos(photosFolder);
        this.scenarioLimit = scenarioLimit;
    }

    /** Runs the scenarios one after another; {@code progress} sees each row as it is done. */
    public List<ChaosRow> run(List<ChaosScenario> scenarios, Consumer<ChaosRow> progress) {
        List<ChaosRow> rows = new ArrayList<>();
        for (ChaosScenario scenario : scenarios) {
            ChaosRow row = run(scenario);
            progress.accept(row);
            rows.add(row);
        }
        return rows;
    }

    public ChaosRow run(ChaosScenario scenario) {
        clearFaults();
        long started = System.nanoTime();
        long faultsBefore = faultsHitSoFar();
        try {
            if (scenario.injectsAFault()) {
                scenario.arm().apply(stack, emulator);
            }
            Map<String, Map<String, byte[]>> folders = upload(scenario);
            Map<String, String> jobIdByFolder = new LinkedHashMap<>();
            Map<String, NotificationInbox.Notification> outcomes = new HashMap<>();
            Duration remaining = scenarioLimit.minusNanos(System.nanoTime() - started);
            Poll.until(remaining, POLL, () -> {
                for (String prefix : folders.keySet()) {
                    jobItems.currentJobId(prefix).ifPresent(id -> jobIdByFolder.putIfAbsent(prefix, id));
                }
                scenario.watch().check(stack, emulator, List.copyOf(jobIdByFolder.values()));
                for (NotificationInbox.Notification n : inbox.all(n -> jobIdByFolder.containsValue(n.body().path("jobId").asText()))) {
                    outcomes.putIfAbsent(n.body().path("jobId").asText(), n);
                }
                return outcomes.size() < folders.size() ? Optional.empty() : Optional.of(outcomes);
            });
            clearFaults();
            long faultsHit = faultsHitSoFar() - faultsBefore;
            sleep(SETTLE);
            return measure(scenario, folders, jobIdByFolder, outcomes, faultsHit, (System.nanoTime() - started) / 1e9);
        } finally {
            clearFaults();
        }
    }

    private ChaosRow measure(ChaosScenario scenario, Map<String, Map<String, byte[]>> folders, Map<String, String> jobIdByFolder,
            Map<String, NotificationInbox.Notification> outcomes, long faultsHit, double seconds) {
        int completed = 0;
        int failedAsExpected = 0;
        int failedOtherwise = 0;
        int minNotifications = Integer.MAX_VALUE;
        int maxNotifications = 0;
        int inputsChanged = 0;
        int videosTwice = 0;
        for (Map.Entry<String, Map<String, byte[]>> folder : folders.entrySet()) {
            String jobId = jobIdByFolder.get(folder.getKey());
            NotificationInbox.Notification outcome = jobId == null ? null : outcomes.get(jobId);
            if (outcome != null) {
                String status = outcome.body().path("status").asText();
                String code = outcome.body().path("error").path("code").asText(null);
                if (scenario.expectedCode() == null && "COMPLETED".equals(status)) {
                    completed++;
                } else if (scenario.expectedCode() != null && "FAILED".equals(status) && scenario.expectedCode().equals(code)) {
                    failedAsExpected++;
                } else {
                    failedOtherwise++;
                    LOG.warn("chaos: {} ended {} {} (expected {})", jobId, status, code,
                            scenario.expectedCode() == null ? "COMPLETED" : scenario.expectedCode());
                }
            }
            int notifications = jobId == null ? 0 : inbox.all(n -> jobId.equals(n.body().path("jobId").asText())).size();
            minNotifications = Math.min(minNotifications, notifications);
            maxNotifications = Math.max(maxNotifications, notifications);
            inputsChanged += changedInputs(folder.getKey(), folder.getValue());
            // the MP4s only: the ffmpeg backend writes a poster JPEG next to its video
            if (jobId != null && stack.aws().s3().listObjectsV2(b -> b.bucket(stack.bucket()).prefix("videos/" + jobId)).contents().stream()
                    .filter(o -> o.key().endsWith(".mp4")).count() > 1) {
                videosTwice++;
            }
        }
        int lost = (int) folders.keySet().stream().filter(prefix -> !outcomes.containsKey(jobIdByFolder.get(prefix))).count();
        return new ChaosRow(scenario.fault(), folders.size(), executions(folders.keySet()), completed, failedAsExpected, failedOtherwise,
                minNotifications == Integer.MAX_VALUE ? 0 : minNotifications, maxNotifications, lost, inputsChanged, videosTwice,
                faultsHit, scenario.injectsAFault(), seconds);
    }

    /** Executions of every job of these folders (a folder whose events were doubled into two jobs counts twice). */
    private int executions(java.util.Collection<String> prefixes) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = stack.aws().sfn().listExecutions(b -> b.stateMachineArn(stack.stateMachineArn()).maxResults(1000).nextToken(next));
            page.executions().forEach(e -> names.add(e.name()));
            token = page.nextToken();
        } while (token != null);
        int count = 0;
        for (String prefix : prefixes) {
            String slug = prefix.substring("uploads/".length(), prefix.length() - 1);
            count += (int) names.stream().filter(name -> name.startsWith(slug + "-")).count();
        }
        return count;
    }

    private int changedInputs(String prefix, Map<String, byte[]> files) {
        int changed = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            try {
                byte[] now = stack.aws().s3().getObjectAsBytes(b -> b.bucket(stack.bucket()).key(prefix + file.getKey())).asByteArray();
                if (!Arrays.equals(now, file.getValue())) {
                    changed++;
                }
            } catch (NoSuchKeyException e) {
                changed++;
            }
        }
        return changed;
    }

    private Map<String, Map<String, byte[]>> upload(ChaosScenario scenario) {
        String slug = "chaos" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Map<String, byte[]>> folders = new LinkedHashMap<>();
        for (int i = 0; i < scenario.jobs(); i++) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("a.jpg", photos.get(0));
            files.put("b.jpg", photos.get(1));
            files.put("job.json", scenario.manifest().getBytes(StandardCharsets.UTF_8));
            folders.put("uploads/" + slug + "-" + i + "/", files);
        }
        ExecutorService uploaders = Executors.newFixedThreadPool(Math.min(10, folders.size()));
        try {
            List<Future<?>> uploads = new ArrayList<>();
            folders.forEach((prefix, files) -> uploads.add(uploaders.submit(() -> files.forEach((name, bytes) ->
                    stack.aws().s3().putObject(b -> b.bucket(stack.bucket()).key(prefix + name), RequestBody.fromBytes(bytes))))));
            for (Future<?> upload : uploads) {
                upload.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("chaos: the uploads failed: " + e, e);
        } finally {
            uploaders.shutdownNow();
        }
        return folders;
    }

    /** Every injected fault that fired so far: failed SNS publishes, throttled table requests, crashed or timed-out
     * invocations, refused vendor calls. */
    private long faultsHitSoFar() {
        return stack.faults().snsPublishFailed() + stack.faults().dynamoDbThrottled() + stack.functions().faultsInjected()
                + emulator.faults().failuresServed();
    }

    private void clearFaults() {
        stack.faults().reset();
        stack.functions().clearFaults();
        emulator.faults().reset();
    }

    private static List<byte[]> twoPhotos(Path folder) {
        try (var files = Files.list(folder)) {
            List<byte[]> photos = new ArrayList<>();
            for (Path photo : files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(2).toList()) {
                photos.add(Files.readAllBytes(photo));
            }
            if (photos.size() < 2) {
                throw new IllegalStateException("chaos needs two .jpg photos in " + folder);
            }
            return photos;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
