package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.exceptions.ExportBlockedException;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.exceptions.RateLimitedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.render.RenderException;
import dev.photoreel.render.VideoTimeline;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import dev.photoreel.workflow.exceptions.VideoCheckFailedException;
import dev.photoreel.workflow.media.Mp4Inspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ffmpeg backend: turns a job's validated inputs (images in order, optional music) into {@code videos/<job-id>.mp4}
 * with the render engine. Inputs are streamed from S3 into a work directory under {@code workRoot} (Lambda's
 * {@code /tmp}), the MP4 goes back by the same multipart write as Store Video and gets the same check, and the work
 * directory is deleted after every job, whatever happened. The job item records the video, {@code renderer: ffmpeg}
 * and why ({@link JobAttributes#RENDERER_REASON}).
 */
public final class FfmpegVideoService {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegVideoService.class);
    private static final ObjectMapper MAPPER = Json.MAPPER;
    /** The render id recorded in the video's metadata: one per job, so a re-run reuses its own object. */
    static final String RENDER_ID_PREFIX = "ffmpeg-";

    static final double DEFAULT_SECONDS_PER_IMAGE = 3.0;
    static final double DEFAULT_TRANSITION_SECONDS = 0.6;
    static final int FPS = 30;

    private final JobRepository jobs;
    private final MediaStore media;
    private final RenderEngine engine;
    private final WorkflowConfig config;
    private final Path workRoot;
    private final Clock clock;

    public FfmpegVideoService(JobRepository jobs, MediaStore media, RenderEngine engine, WorkflowConfig config, Path workRoot,
                              Clock clock) {
        this.jobs = jobs;
        this.media = media;
        this.engine = engine;
        this.config = config;
        this.workRoot = workRoot;
        this.clock = clock;
    }

    /** {@code $.video} after Render With Ffmpeg: what Store Video returns, plus the backend and why. */
    public record RenderedVideo(String key, long sizeBytes, double durationSeconds, String renderer, String rendererReason,
                                List<String> ignoredWords) {
    }

    /**
     * Renders the job's video.
     *
     * @param vendorError the vendor failure this render stands in for ({@code $.vendorError.Error}), or null when the job
     *                    asked for ffmpeg
     * @param vendorCause that failure's {@code Cause} (the Lambda error JSON), or null
     */
    public RenderedVideo render(String jobId, String vendorError, String vendorCause) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        String key = Revisions.videoKey(config.videosPrefix(), job);
        String reason = vendorError != null ? fallbackReason(vendorError, vendorCause)
                : Optional.ofNullable(job.rendererReason()).orElse("job.json asks for renderer ffmpeg");
        if (job.status() == JobStatus.COMPLETED && key.equals(job.videoKey())) {
            LOG.atInfo().addKeyValue("key", key).log("job already completed with this video: nothing to render");
            return new RenderedVideo(key, job.sizeBytes(), job.durationSeconds(), job.renderer(), job.rendererReason(),
                    job.ignoredWords());
        }
        List<InputFile> inputs = job.inputs();
        if (inputs.stream().noneMatch(i -> i.kind() == InputFile.Kind.IMAGE)) {
            throw new JobStateConflictException("job " + jobId + " has no validated images: Validate Job must succeed first");
        }
        FfmpegPlan plan = FfmpegPlan.of(job);
        // a fallback from Store Video finds the job STORING already: the status never goes back
        jobs.recordFfmpegRender(job, reason, plan.words().ignored(), clock.instant());
        LOG.atInfo().addKeyValue("renderer", JobManifest.RENDERER_FFMPEG).addKeyValue("reason", reason)
                .addKeyValue("images", plan.imageCount()).log("rendering with ffmpeg");

        String renderId = RENDER_ID_PREFIX + jobId;
        Optional<MediaStore.StoredObject> existing = media.head(key);
        if (existing.isPresent() && !jobId.equals(existing.get().metadata().get(VideoService.META_JOB_ID))) {
            throw new VideoCheckFailedException(key + " already exists and belongs to "
                    + Optional.ofNullable(existing.get().metadata().get(VideoService.META_JOB_ID)).map(j -> "job " + j)
                    .orElse("no photoreel job") + "; it is never overwritten: move it away, then upload again to retry");
        }
        long size;
        if (existing.isPresent() && renderId.equals(existing.get().metadata().get(VideoService.META_RENDER_ID))) {
            LOG.atInfo().addKeyValue("key", key).log("video rendered by an earlier attempt of this job: checking it");
            size = existing.get().size();
        } else {
            size = renderAndWrite(jobId, key, Revisions.posterKey(config.videosPrefix(), job), renderId, inputs, plan);
        }
        Mp4Inspector.Result check = Mp4Inspector.inspect((offset, length) -> media.readRange(key, offset, length), size);
        if (!check.ok()) {
            throw new VideoCheckFailedException("the rendered video " + key + " failed the check: " + check.failure()
                    + "; upload again to render it again");
        }
        double duration = check.info().durationSeconds();
        String posterKey = media.head(Revisions.posterKey(config.videosPrefix(), job))
                .filter(p -> jobId.equals(p.metadata().get(VideoService.META_JOB_ID))).map(MediaStore.StoredObject::key).orElse(null);
        jobs.recordFfmpegVideo(jobId, new VideoService.StoredVideo(key, size, duration), plan.summary(inputs), posterKey, clock.instant());
        LOG.atInfo().addKeyValue("key", key).addKeyValue("sizeBytes", size).addKeyValue("durationSeconds", duration)
                .log("video rendered with ffmpeg, stored and checked");
        return new RenderedVideo(key, size, duration, JobManifest.RENDERER_FFMPEG, reason, plan.words().ignored());
    }

    private long renderAndWrite(String jobId, String key, String posterKey, String renderId, List<InputFile> inputs, FfmpegPlan plan) {
        Path work = null;
        try {
            Files.createDirectories(workRoot);
            requireSpace(inputs);
            work = Files.createTempDirectory(workRoot, "render-");
            List<Path> images = new ArrayList<>();
            Path music = null;
            int index = 0;
            for (InputFile input : inputs) {
                Path local = work.resolve(String.format(Locale.ROOT, "%03d.%s", index++, input.format()));
                try (InputStream in = media.open(input.key())) {
                    Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                }
                if (input.kind() == InputFile.Kind.IMAGE) {
                    images.add(local);
                } else if (music == null) {
                    music = local;
                }
            }
            VideoTimeline timeline = plan.timeline(images, music);
            Path output = work.resolve("video.mp4");
            try {
                engine.render(timeline, output);
            } catch (RenderException e) {
                throw new RenderFailedException("the ffmpeg render failed: " + e.getMessage()
                        + "; upload again to retry, or try other images");
            }
            long size;
            try (InputStream body = Files.newInputStream(output)) {
                size = media.write(key, body, "video/mp4", Map.of(VideoService.META_JOB_ID, jobId, VideoService.META_RENDER_ID, renderId));
            }
            writePoster(jobId, posterKey, output, work.resolve("poster.jpg"), plan);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("rendering job " + jobId + " with ffmpeg failed reading or writing its files", e);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * Fails at once, naming the sizes, when the inputs and a video of about their size cannot fit in the work
     * directory's file system (Lambda's ephemeral storage), instead of failing half-way with a full disk.
     */
    private void requireSpace(List<InputFile> inputs) throws IOException {
        long inputBytes = inputs.stream().mapToLong(InputFile::sizeBytes).sum();
        long needed = inputBytes * 2 + 64L * 1024 * 1024;
        long usable = Files.getFileStore(workRoot).getUsableSpace();
        if (needed > usable) {
            throw new RenderFailedException("the job's files are " + inputBytes / (1024 * 1024) + " MB; rendering them needs about "
                    + needed / (1024 * 1024) + " MB of the render function's storage and " + usable / (1024 * 1024)
                    + " MB are free: upload smaller images (or fewer), or raise the function's EphemeralStorage");
        }
    }

    /**
     * A poster JPEG next to the MP4 ({@code videos/<job-id>.jpg}, {@code videos/<job-id>/v<N>.jpg}): the frame in the middle of the first image's time.
     * A nicety: when it fails the job goes on without one (logged).
     */
    private void writePoster(String jobId, String key, Path video, Path jpeg, FfmpegPlan plan) {
        try {
            engine.poster(video, plan.secondsPerImage() / 2, jpeg);
            try (InputStream body = Files.newInputStream(jpeg)) {
                media.write(key, body, "image/jpeg", Map.of(VideoService.META_JOB_ID, jobId));
            }
        } catch (RenderException | IOException e) {
            LOG.atWarn().addKeyValue("key", key).addKeyValue("error", e.getMessage()).log("no poster for this video");
        }
    }

    /** A vendor failure the ffmpeg backend can stand in for, and the reason it gives. */
    public record Fallback(Class<? extends NemoException> error, String reason) {
    }

    /**
     * The vendor failures the ffmpeg backend can stand in for, in the order the state machine catches them.
     * The one list: the definition's fallback Catch is checked against it.
     */
    public static final List<Fallback> FALLBACK_ERRORS = List.of(
            new Fallback(ExportBlockedException.class, "the vendor refused export (402)"),
            new Fallback(InsufficientCreditsException.class, "the vendor account cannot pay for the job (2001)"),
            new Fallback(VendorUnavailableException.class, "the vendor was unreachable after its retries"),
            new Fallback(RateLimitedException.class, "the vendor kept rate-limiting us (429)"));

    /** The reason a vendor failure gives for rendering with ffmpeg, in words a person understands. */
    static String fallbackReason(String error, String cause) {
        String simple = error.substring(error.lastIndexOf('.') + 1);
        String detail = causeMessage(cause);
        String what = FALLBACK_ERRORS.stream().filter(f -> f.error().getSimpleName().equals(simple)).map(Fallback::reason)
                .findFirst().orElse("the vendor failed (" + simple + ")");
        return detail.isBlank() ? what : what + ": " + detail;
    }

    private static String causeMessage(String cause) {
        if (cause == null || cause.isBlank()) {
            return "";
        }
        try {
            JsonNode node = MAPPER.readTree(cause);
            String text = node.path("errorMessage").asText("");
            return text.length() > 300 ? text.substring(0, 299) + "…" : text;
        } catch (IOException e) {
            String line = cause.strip().lines().findFirst().orElse("");
            return line.length() > 300 ? line.substring(0, 299) + "…" : line;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.atWarn().addKeyValue("path", p.toString()).log("could not delete a work file");
                }
            });
        } catch (IOException e) {
            LOG.atWarn().addKeyValue("path", dir.toString()).log("could not clean the work directory");
        }
    }

    /** The job's options (job.json) over the instruction's plain words over the backend's defaults. */
    record FfmpegPlan(int imageCount, String aspectRatio, double secondsPerImage, double transitionSeconds, boolean music,
                      boolean panZoom, String title, String transition, InstructionWords words) {

        static FfmpegPlan of(Job job) {
            List<String> instructions = job.plainInstructions();
            InstructionWords words = InstructionWords.parseAll(instructions);
            // a revision's words win over the job.json fields they name ("slower" over secondsPerImage)
            InstructionWords revised = InstructionWords.parseAll(instructions.subList(Math.min(1, instructions.size()), instructions.size()));
            String aspect = Optional.ofNullable(revised.aspectRatio()).or(() -> Optional.ofNullable(job.aspectRatio()))
                    .orElse(Optional.ofNullable(words.aspectRatio()).orElse("16:9"));
            double pace = words.pace() == null ? 1.0 : words.pace();
            Double explicit = job.secondsPerImage();
            double revisedPace = revised.pace() == null ? 1.0 : revised.pace();
            double seconds = revised.secondsPerImage() != null ? revised.secondsPerImage()
                    : explicit != null ? explicit * revisedPace
                    : words.secondsPerImage() != null ? words.secondsPerImage() * revisedPace
                    : DEFAULT_SECONDS_PER_IMAGE * pace;
            String transition = words.transition() == null ? "fade" : words.transition();
            double transitionSeconds = "none".equals(transition) ? 0
                    : Math.min(DEFAULT_TRANSITION_SECONDS * pace, seconds / 2);
            String title = Optional.ofNullable(revised.title()).or(() -> Optional.ofNullable(job.title()))
                    .orElse(words.title());
            int images = (int) job.inputs().stream().filter(i -> i.kind() == InputFile.Kind.IMAGE).count();
            return new FfmpegPlan(images, aspect, seconds, transitionSeconds, !Boolean.FALSE.equals(words.music()),
                    !Boolean.FALSE.equals(words.panZoom()), title, transition, words);
        }

        VideoTimeline timeline(List<Path> images, Path musicFile) {
            int width = switch (aspectRatio) {
                case "9:16", "1:1" -> 1080;
                default -> 1920;
            };
            int height = switch (aspectRatio) {
                case "9:16" -> 1920;
                default -> 1080;
            };
            List<VideoTimeline.Clip> clips = images.stream().map(p -> new VideoTimeline.Clip(p, secondsPerImage)).toList();
            return new VideoTimeline(width, height, FPS, clips, transitionSeconds, VideoTimeline.Fit.BLURRED_FILL, panZoom,
                    music ? musicFile : null, title, VideoTimeline.Transition.named(transition));
        }

        /** The notification's timeline line, in the vendor's form ("Timeline (...)"). */
        String summary(List<InputFile> inputs) {
            List<InputFile> images = inputs.stream().filter(i -> i.kind() == InputFile.Kind.IMAGE).toList();
            Optional<InputFile> song = inputs.stream().filter(i -> i.kind() == InputFile.Kind.AUDIO).findFirst();
            double total = images.size() * secondsPerImage;
            String first = images.get(0).name();
            StringBuilder text = new StringBuilder("Timeline (ffmpeg, ").append(aspectRatio).append("): 1. Video: ").append(first);
            if (images.size() > 1) {
                text.append(" + ").append(images.size() - 1).append(" more");
            }
            text.append(" (0-").append(format(total)).append("s, ").append(format(secondsPerImage)).append(" s each, ")
                    .append("none".equals(transition) ? "hard cuts" : transition + " transitions")
                    .append(panZoom ? ", pan/zoom" : "").append(')');
            if (song.isPresent() && music) {
                text.append(" 2. BGM: ").append(song.get().name()).append(" (0-").append(format(total)).append("s)");
            }
            if (title != null) {
                text.append(" Title: \"").append(title).append('"');
            }
            return text.toString();
        }

        private static String format(double seconds) {
            return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
        }
    }
}
