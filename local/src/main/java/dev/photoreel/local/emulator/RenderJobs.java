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
 * → completed (an MP4 served by the emulator) or failed. Renders run on a background executor, at most
 * {@code renderConcurrency} ffmpeg processes at a time (the vendor renders in parallel; a few here, so the local
 * figures under load are not one long queue). A canned render (the {@code cannedRender} knob) renders nothing: its progress rises
 * linearly from 0 over the configured duration, and it completes exactly then (or once the canned MP4 exists,
 * if later) with a copy of one small MP4 rendered once from the first canned draft and reused; so
 * benchmarks measure the orchestration, not ffmpeg, and any number of canned renders run at once.
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
        /** The canned render's duration; null for a real render. */
        final Duration canned;
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

        Job(String id, String sessionId, String userId, ObjectNode draft, RenderFailure mode, long createdAt, Duration canned) {
            this.canned = canned;
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
            if (canned != null && status == Status.PROCESSING) {
                double done = (System.nanoTime() - processingSince) / (double) expectedNanos;
                return (int) Math.min(99, 100 * done);
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
    private final Semaphore renderSlots;
    /** The canned renders' MP4, rendered once from the first canned draft (null until then). */
    private java.util.concurrent.CompletableFuture<CannedVideo> cannedVideo;

    /** The canned MP4 and what a poll reports of it. */
    private record CannedVideo(Path file, double durationSeconds, long sizeBytes, long readyAt) {
    }

    RenderJobs(ExecutorService executor, RenderEngine engine, FileStore store, DraftTimeline.MediaResolver media,
               MediaInspector inspector, Clock clock, Duration slowDelay, int renderConcurrency) {
        this.renderSlots = new Semaphore(renderConcurrency);
        this.executor = executor;
        this.engine = engine;
        this.store = store;
        this.media = media;
        this.inspector = inspector;
        this.clock = clock;
        this.slowDelay = slowDelay;
    }

    /**
     * Registers and starts a render; a duplicate id is an error. With {@code canned} (not null) and no failure mode,
     * it is a canned render of that duration.
     */
    Job submit(String id, String sessionId, String userId, ObjectNode draft, RenderFailure mode, Duration canned) {
        Job job;
        synchronized (jobs) {
            if (jobs.containsKey(id)) {
                throw ApiError.failure(409, "Render id already exists: " + id + "; submit again with a new id");
            }
            job = new Job(id, sessionId, userId, draft, mode, clock.millis(), mode == RenderFailure.NONE ? canned : null);
            jobs.put(id, job);
        }
        Job submitted = job;
        if (job.canned != null) {
            synchronized (job) {
                job.expectedNanos = Math.max(1, job.canned.toNanos());
                job.processingSince = System.nanoTime();
                job.status = Status.PROCESSING;
            }
            cannedVideo(job);
        } else {
            job.future = executor.submit(() -> run(submitted));
        }
        return job;
    }

    Job get(String id) {
        Job job;
        synchronized (jobs) {
            job = jobs.get(id);
        }
        if (job != null && job.canned != null) {
            settleCanned(job);
        }
        return job;
    }

    /** The canned MP4, started (rendering {@code first}'s draft) when no canned render asked for it before. */
    private synchronized java.util.concurrent.CompletableFuture<CannedVideo> cannedVideo(Job first) {
        if (cannedVideo == null || cannedVideo.isCompletedExceptionally()) {
            cannedVideo = java.util.concurrent.CompletableFuture.supplyAsync(() -> renderCannedVideo(first), executor);
        }
        return cannedVideo;
    }

    /** Renders into the store's output for {@code name} through a partial file, holding one of the render slots. */
    private Path renderInSlot(VideoTimeline timeline, String name) throws InterruptedException, java.io.IOException {
        Path output = store.renderOutput(name);
        Path partial = output.resolveSibling(output.getFileName() + ".part.mp4");
        renderSlots.acquire();
        try {
            engine.render(timeline, partial);
        } finally {
            renderSlots.release();
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        return output;
    }

    private CannedVideo renderCannedVideo(Job first) {
        try {
            VideoTimeline timeline = DraftTimeline.from(first.draft, media);
            Path output = renderInSlot(timeline, "canned");
            MediaInfo info = inspector.probe(output);
            double seconds = info.durationSeconds() != null ? info.durationSeconds()
                    : timeline.clips().stream().mapToDouble(VideoTimeline.Clip::seconds).sum();
            LOG.info("canned render video ready. seconds={} bytes={}", seconds, Files.size(output));
            return new CannedVideo(output, seconds, Files.size(output), clock.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the canned video", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Completes a canned render whose time is up and whose MP4 exists; fails it if the canned MP4 could not be made. */
    private void settleCanned(Job job) {
        if (job.status != Status.PROCESSING || System.nanoTime() - job.processingSince < job.expectedNanos) {
            return;
        }
        java.util.concurrent.CompletableFuture<CannedVideo> video = cannedVideo(job);
        if (!video.isDone()) {
            return; // still rendering the one canned MP4: progress stays at 99
        }
        try {
            CannedVideo canned = video.join();
            Path output = store.renderOutput(job.id);
            synchronized (job) {
                if (job.status != Status.PROCESSING) {
                    return;
                }
                Files.copy(canned.file(), output, StandardCopyOption.REPLACE_EXISTING);
                job.output = output;
                job.outputUrl = store.urlOf(output);
                job.sizeBytes = canned.sizeBytes();
                job.durationSeconds = canned.durationSeconds();
                // the render's own finish, not the poll's time: benchmarks measure how long after it the user hears
                job.completedAt = Math.max(job.createdAt + job.canned.toMillis(), canned.readyAt());
                job.finalProgress = 100;
                job.status = Status.COMPLETED;
            }
        } catch (IOException | RuntimeException e) {
            fail(job, "Render failed: the canned video is not available: " + e.getMessage());
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
            Path output = renderInSlot(timeline, job.id);
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
