package dev.photoreel.render;

import dev.photoreel.config.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link VideoTimeline} by running the ffmpeg executable with the graph from {@link FilterGraphBuilder}.
 *
 * <p>ffmpeg writes to a hidden partial file next to the output, which is moved into place only when ffmpeg
 * succeeded; on any failure the partial file is deleted and a {@link RenderException} carries the tail of
 * ffmpeg's stderr. Thread-safe: build one and reuse it.
 */
public final class FfmpegRenderEngine implements RenderEngine {

    /** Path of a font file for the title; overrides the built-in list of common Linux font locations. */
    public static final String TITLE_FONT_ENV = "PHOTOREEL_TITLE_FONT";

    static final List<Path> FONT_CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
            Path.of("/usr/share/fonts/liberation-sans/LiberationSans-Bold.ttf"),
            Path.of("/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"));

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegRenderEngine.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final Ffmpeg ffmpeg;
    private final RenderSettings settings;
    private final FilterGraphBuilder graphs;
    private final TitleSupport titleSupport;

    /** Locates ffmpeg ({@link FfmpegLocator#locate()}) and reads {@link RenderSettings#fromEnvironment()}. */
    public FfmpegRenderEngine() {
        this(FfmpegLocator.locate(), RenderSettings.fromEnvironment());
    }

    /**
     * Checks at once ({@code ffmpeg -filters}) that this ffmpeg has every filter the graphs use.
     *
     * @throws RenderException naming the missing filters, when any is missing
     */
    public FfmpegRenderEngine(Ffmpeg ffmpeg, RenderSettings settings) {
        this(ffmpeg, settings, null);
    }

    /** For tests: {@code titleSupport} replaces the detection of drawtext and fonts (null: detect). */
    FfmpegRenderEngine(Ffmpeg ffmpeg, RenderSettings settings, TitleSupport titleSupport) {
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.graphs = new FilterGraphBuilder(settings);
        FfmpegFilters filters = FfmpegFilters.of(ffmpeg);
        filters.requireAll(FilterGraphBuilder.REQUIRED_FILTERS);
        this.titleSupport = titleSupport != null ? titleSupport : detectTitleSupport(filters);
    }

    public Ffmpeg ffmpeg() {
        return ffmpeg;
    }

    public RenderSettings settings() {
        return settings;
    }

    @Override
    public void render(VideoTimeline timeline, Path output) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(output, "output");
        checkInputsReadable(timeline);
        Path target = output.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        Path workDir = null;
        long started = System.nanoTime();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            workDir = Files.createTempDirectory("photoreel-render-");
            VideoTimeline safe = withSafeInputPaths(timeline, workDir);
            TitleOverlay title = titleOverlay(timeline, workDir);
            List<Integer> orientations = timeline.clips().stream()
                    .map(clip -> ExifOrientation.read(clip.image())).toList();
            FfmpegCommand command = graphs.build(safe, partial, title, orientations);
            List<String> line = new ArrayList<>();
            line.add(ffmpeg.executable().toString());
            line.addAll(command.args());
            LOG.debug("ffmpeg starting output={} filterComplex={}", target, command.filterComplex());
            ProcessRunner.Result result = ProcessRunner.run(line, settings.timeout());
            if (!result.succeeded()) {
                throw failure(result, target);
            }
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new RenderException("ffmpeg reported success but wrote no video for " + target
                        + "; ffmpeg said:\n" + result.stderrTail());
            }
            moveIntoPlace(partial, target);
            LOG.info("render finished output={} width={} height={} clips={} durationSeconds={} elapsedMs={}",
                    target, timeline.width(), timeline.height(), timeline.clips().size(),
                    command.plan().durationSeconds(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new RenderException("render of " + target + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            if (workDir != null) {
                deleteTree(workDir);
            }
        }
    }

    /** The frame at {@code atSeconds} as a JPEG (mjpeg, quality 3 of 31), written next to nothing else. */
    @Override
    public void poster(Path video, double atSeconds, Path jpeg) {
        requireReadable(video, "video");
        List<String> line = List.of(ffmpeg.executable().toString(), "-hide_banner", "-v", "error", "-y",
                "-ss", String.format(java.util.Locale.ROOT, "%.3f", Math.max(0, atSeconds)), "-i", video.toAbsolutePath().toString(),
                "-frames:v", "1", "-q:v", "3", "-f", "image2", "-c:v", "mjpeg", jpeg.toAbsolutePath().toString());
        ProcessRunner.Result result = ProcessRunner.run(line, PROBE_TIMEOUT);
        try {
            if (!result.succeeded() || !Files.isRegularFile(jpeg) || Files.size(jpeg) == 0) {
                throw new RenderException("could not write the poster " + jpeg + "; ffmpeg said:\n" + result.stderrTail());
            }
        } catch (IOException e) {
            throw new RenderException("could not write the poster " + jpeg + ": " + e.getMessage(), e);
        }
    }

    private RenderException failure(ProcessRunner.Result result, Path target) {
        String why = result.timedOut()
                ? "ffmpeg did not finish within " + settings.timeout().toMillis() / 1000.0 + " s (raise "
                        + RenderSettings.TIMEOUT_ENV + " or use a faster " + RenderSettings.PRESET_ENV + ")"
                : "ffmpeg failed with exit code " + result.exitCode();
        return new RenderException(why + " rendering " + target + "; ffmpeg said:\n" + result.stderrTail());
    }

    private static void checkInputsReadable(VideoTimeline timeline) {
        for (VideoTimeline.Clip clip : timeline.clips()) {
            requireReadable(clip.image(), "image");
        }
        if (timeline.music() != null) {
            requireReadable(timeline.music(), "music");
        }
    }

    private static void requireReadable(Path file, String what) {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new RenderException("the " + what + " file " + file + " does not exist or is not readable");
        }
    }

    /**
     * ffmpeg's image reader treats {@code %} and glob characters in a file name as a sequence pattern; such
     * inputs are linked under a plain name in the work directory. All paths are made absolute, so none starts
     * with {@code -} or looks like a protocol.
     */
    private static VideoTimeline withSafeInputPaths(VideoTimeline timeline, Path workDir) throws IOException {
        List<VideoTimeline.Clip> clips = new ArrayList<>();
        int index = 0;
        for (VideoTimeline.Clip clip : timeline.clips()) {
            Path image = clip.image().toAbsolutePath();
            if (image.toString().matches(".*[%*?\\[\\]{}].*")) {
                Path link = workDir.resolve("image-" + index);
                Files.createSymbolicLink(link, image);
                image = link;
            }
            clips.add(new VideoTimeline.Clip(image, clip.seconds()));
            index++;
        }
        Path music = timeline.music() == null ? null : timeline.music().toAbsolutePath();
        return new VideoTimeline(timeline.width(), timeline.height(), timeline.fps(), clips,
                timeline.transitionSeconds(), timeline.fit(), timeline.panZoom(), music, timeline.title(), timeline.transition());
    }

    private TitleOverlay titleOverlay(VideoTimeline timeline, Path workDir) throws IOException {
        if (timeline.title() == null || timeline.title().isBlank()) {
            return null;
        }
        String wrapped = FilterGraphBuilder.wrapTitle(timeline.title(), timeline.width(), timeline.height());
        TitleSupport support = titleSupport;
        if (support.available()) {
            Path textFile = workDir.resolve("title.txt");
            Files.writeString(textFile, wrapped, StandardCharsets.UTF_8);
            return new TitleOverlay(textFile, support.fontFile());
        }
        Path image = workDir.resolve("title.png");
        try {
            TitleImage.write(wrapped, timeline.width(), timeline.height(), image);
            LOG.info("title drawn by Java instead of drawtext reason={}", support.reason());
            return TitleOverlay.image(image);
        } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
            LOG.warn("title skipped title={} reason={} java2dError={}", timeline.title(), support.reason(), e.toString());
            return null;
        }
    }

    /** Whether this ffmpeg can draw a title, and with which font; found once per engine. */
    TitleSupport titleSupport() {
        return titleSupport;
    }

    private TitleSupport detectTitleSupport(FfmpegFilters filters) {
        if (!filters.has("drawtext")) {
            return new TitleSupport(false, null, "this ffmpeg (" + ffmpeg + ") has no drawtext filter");
        }
        java.util.Optional<String> override = Environment.system().optional(TITLE_FONT_ENV);
        if (override.isPresent()) {
            Path font = Path.of(override.get());
            if (Files.isReadable(font)) {
                return new TitleSupport(true, font, null);
            }
            LOG.warn("title font not readable env={} path={}", TITLE_FONT_ENV, font);
        }
        for (Path candidate : FONT_CANDIDATES) {
            if (Files.isReadable(candidate)) {
                return new TitleSupport(true, candidate, null);
            }
        }
        ProcessRunner.Result version = ProcessRunner.run(
                List.of(ffmpeg.executable().toString(), "-hide_banner", "-version"), PROBE_TIMEOUT);
        if (new String(version.stdout(), StandardCharsets.UTF_8).contains("--enable-libfontconfig")) {
            return new TitleSupport(true, null, null);
        }
        return new TitleSupport(false, null, "no font file found (install fonts-dejavu-core or set "
                + TITLE_FONT_ENV + ") and this ffmpeg has no fontconfig");
    }

    record TitleSupport(boolean available, Path fontFile, String reason) {
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete partial render file={} error={}", file, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(FfmpegRenderEngine::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not clean render work directory dir={} error={}", dir, e.toString());
        }
    }
}
