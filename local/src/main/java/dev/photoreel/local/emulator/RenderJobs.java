package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.render.VideoTimeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Export jobs: each render goes pending → processing (progress by elapsed time against an estimate)
 * → completed (an MP4 served by the emulator) or failed. Renders run on a background executor, one
 * ffmpeg at a time.
 */
final class RenderJobs {

    private static final Logger LOG = LoggerFactory.getLogger(RenderJobs.class);

    enum Status { PENDING, PROCESSING, COMPLETED, FAILED }

    /** One render. Fields are written by the render thread and read by polls. */
    static final class Job {
        final String id;
        final String sessionId;
        final String userId;
        final ObjectNode draft;
        final RenderFailure mode;
        final long createdAt;
        volatile Status status = Status.PENDING;
        volatile long processingSince;
        volatile long expectedNanos = 1;
        volatile int finalProgress = -1;
        volatile Long completedAt;
        volatile String error;
        volatile String outputUrl;
        volatile Double durationSeconds;
        volatile Long sizeBytes;
        volatile Path output;
        volatile Future<?> future;

        Job(String id, String sessionId, String userId, ObjectNode draft, RenderFailure mode, long createdAt) {
            this.id = id;
            this.sessionId = sessionId;
            this.userId = userId;
            this.draft = draft;
            this.mode = mode;
            this.createdAt = createdAt;
        }

        /** 5 while pending; 10..95 while processing, by elapsed time; 100 when completed. */
        int progress() {
            if (finalProgress >= 0) {
                return finalProgress;
            }
            return switch (status) {
                case PENDING -> 5;
                case PROCESSING -> {
                    double done = (System.nanoTime() - processingSince) / (double) expectedNanos;
                    yield (int) Math.min(95, 10 + 85 * Math.min(1.0, done));
                }
                case COMPLETED -> 100;
                case FAILED -> 0;
            };
        }
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final ExecutorService executor;
    private final RenderEngine engine;
    private final FileStore store;
    private final DraftTimeline.MediaResolver media;
    private final MediaInspector inspector;
    private final Clock clock;
    private final Duration slowDelay;
    private final Semaphore oneRenderAtATime = new Semaphore(1);

    RenderJobs(ExecutorService executor, RenderEngine engine, FileStore store, DraftTimeline.MediaResolver media,
               MediaInspector inspector, Clock clock, Duration slowDelay) {
        this.executor = executor;
        this.engine = engine;
        this.store = store;
        this.media = media;
        this.inspector = inspector;
        this.clock = clock;
        this.slowDelay = slowDelay;
    }

    /** Registers and starts a render; a duplicate id is an error. */
    Job submit(String id, String sessionId, String userId, ObjectNode draft, RenderFailure mode) {
        Job job;
        synchronized (jobs) {
            if (jobs.containsKey(id)) {
                throw ApiError.failure(409, "Render id already exists: " + id + "; submit again with a new id");
            }
            job = new Job(id, sessionId, userId, draft, mode, clock.millis());
            jobs.put(id, job);
        }
        Job submitted = job;
        job.future = executor.submit(() -> run(submitted));
        return job;
    }

    Job get(String id) {
        synchronized (jobs) {
            return jobs.get(id);
        }
    }

    List<Job> all() {
        synchronized (jobs) {
            return List.copyOf(jobs.values());
        }
    }

    /** Stops a pending or processing render; it ends failed. Finished renders are left as they are. */
    void cancel(Job job) {
        synchronized (job) {
            if (job.status == Status.PENDING || job.status == Status.PROCESSING) {
                fail(job, "Render cancelled by the caller");
                Future<?> f = job.future;
                if (f != null) {
                    f.cancel(true);
                }
            }
        }
    }

    private void run(Job job) {
        try {
            if (job.mode == RenderFailure.SLOW) {
                Thread.sleep(slowDelay.toMillis());
            }
            VideoTimeline timeline = DraftTimeline.from(job.draft, media);
            double seconds = timeline.clips().stream().mapToDouble(VideoTimeline.Clip::seconds).sum();
            synchronized (job) {
                if (job.status != Status.PENDING) {
                    return;
                }
                job.expectedNanos = Duration.ofMillis((long) Math.max(1500, seconds * 400)).toNanos();
                job.processingSince = System.nanoTime();
                job.status = Status.PROCESSING;
            }
            switch (job.mode) {
                case FAIL -> {
                    Thread.sleep(200);
                    fail(job, "Render failed: the render worker could not process this draft (emulated failure)");
                    return;
                }
                case NEVER_FINISH -> {
                    return; // stays processing; progress creeps to 95 and stops
                }
                default -> { }
            }
            Path output = store.renderOutput(job.id);
            Path partial = output.resolveSibling(output.getFileName() + ".part.mp4");
            oneRenderAtATime.acquire();
            try {
                engine.render(timeline, partial);
            } finally {
                oneRenderAtATime.release();
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
            MediaInfo info = inspector.probe(output);
            synchronized (job) {
                if (job.status != Status.PROCESSING) {
                    return;
                }
                job.output = output;
                job.outputUrl = store.urlOf(output);
                job.sizeBytes = Files.size(output);
                job.durationSeconds = info.durationSeconds() != null ? info.durationSeconds() : seconds;
                job.completedAt = clock.millis();
                job.finalProgress = 100;
                job.status = Status.COMPLETED;
            }
            LOG.info("render completed. renderId={} sessionId={} seconds={} bytes={}", job.id, job.sessionId,
                    job.durationSeconds, job.sizeBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("render failed. renderId={} sessionId={} error={}", job.id, job.sessionId, e.getMessage());
            fail(job, "Render failed: " + e.getMessage());
        }
    }

    private void fail(Job job, String error) {
        synchronized (job) {
            if (job.status == Status.COMPLETED || job.status == Status.FAILED) {
                return;
            }
            job.error = error;
            job.finalProgress = job.progress();
            job.completedAt = clock.millis();
            job.status = Status.FAILED;
        }
    }
}
