package dev.photoreel.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads media facts with ffprobe's JSON output, and decodes single frames with ffmpeg. Thread-safe.
 */
public final class MediaProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final FfmpegExecutables executables;
    private final Duration timeout;

    /** Uses {@link FfmpegLocator#locate()}. */
    public MediaProbe() {
        this(FfmpegLocator.locate());
    }

    public MediaProbe(FfmpegExecutables executables) {
        this(executables, DEFAULT_TIMEOUT);
    }

    public MediaProbe(FfmpegExecutables executables, Duration timeout) {
        this.executables = Objects.requireNonNull(executables, "executables");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Format, streams and duration, without counting frames (fast). */
    public MediaInfo probe(Path file) {
        return probe(file, false);
    }

    /**
     * Format, streams and duration; with {@code countFrames} ffprobe decodes the whole video to count its frames.
     *
     * @throws RenderException when the file is missing or not a media file ffprobe can read
     */
    public MediaInfo probe(Path file, boolean countFrames) {
        requireFile(file);
        Path ffprobe = executables.ffprobeIfPresent().orElseThrow(() -> new RenderException(
                "ffprobe was not found: install it (apt-get install -y ffmpeg) or set " + FfmpegLocator.FFPROBE_ENV));
        List<String> command = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error", "-print_format", "json",
                "-show_format", "-show_streams"));
        if (countFrames) {
            command.add("-count_frames");
        }
        command.add(file.toAbsolutePath().toString());
        ProcessRunner.Result result = ProcessRunner.run(command, timeout);
        if (!result.succeeded()) {
            throw new RenderException("ffprobe could not read " + file + " (exit " + result.exitCode() + "): "
                    + result.stderrTail());
        }
        try {
            return parse(JSON.readTree(result.stdout()), countFrames);
        } catch (IOException e) {
            throw new RenderException("ffprobe gave unreadable output for " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Width and height of an image as it is shown (a JPEG whose EXIF orientation turns it by 90 degrees has its
     * sides swapped), or of a video's frames.
     *
     * @throws RenderException when the file has no picture
     */
    public ImageSize probeImage(Path file) {
        MediaInfo info = probe(file, false);
        if (!info.hasVideo() || info.width() <= 0 || info.height() <= 0) {
            throw new RenderException(file + " is not an image ffmpeg can read (format " + info.formatName() + ")");
        }
        return ExifOrientation.swapsSides(ExifOrientation.read(file))
                ? new ImageSize(info.height(), info.width())
                : new ImageSize(info.width(), info.height());
    }

    /** Decodes the frame shown at {@code seconds} into RGB. */
    public RgbFrame frameAt(Path video, double seconds) {
        MediaInfo info = probe(video, false);
        if (!info.hasVideo()) {
            throw new RenderException(video + " has no video stream");
        }
        List<String> command = List.of(executables.ffmpeg().toString(), "-hide_banner", "-nostdin", "-v", "error",
                "-ss", String.format(Locale.ROOT, "%.3f", seconds), "-i", video.toAbsolutePath().toString(),
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        ProcessRunner.Result result = ProcessRunner.run(command, timeout);
        int expected = info.width() * info.height() * 3;
        if (!result.succeeded() || result.stdout().length != expected) {
            throw new RenderException("could not decode the frame at " + seconds + " s of " + video + " (exit "
                    + result.exitCode() + ", " + result.stdout().length + " of " + expected + " bytes): "
                    + result.stderrTail());
        }
        return new RgbFrame(info.width(), info.height(), result.stdout());
    }

    static MediaInfo parse(JsonNode root, boolean countFrames) {
        JsonNode format = root.path("format");
        JsonNode video = null;
        JsonNode audio = null;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (video == null && "video".equals(type) && !coverArt) {
                video = stream;
            } else if (audio == null && "audio".equals(type)) {
                audio = stream;
            }
        }
        double duration = number(format.path("duration"));
        if (duration == 0 && video != null) {
            duration = number(video.path("duration"));
        }
        if (duration == 0 && audio != null) {
            duration = number(audio.path("duration"));
        }
        long frames = MediaInfo.NOT_COUNTED;
        if (countFrames && video != null && video.hasNonNull("nb_read_frames")) {
            frames = video.path("nb_read_frames").asLong();
        }
        double fps = 0;
        if (video != null) {
            fps = rate(video.path("avg_frame_rate").asText(""));
            if (fps == 0) {
                fps = rate(video.path("r_frame_rate").asText(""));
            }
        }
        return new MediaInfo(
                format.path("format_name").asText(null),
                video == null ? null : video.path("codec_name").asText(null),
                video == null ? 0 : video.path("width").asInt(0),
                video == null ? 0 : video.path("height").asInt(0),
                duration,
                frames,
                fps,
                audio == null ? null : audio.path("codec_name").asText(null),
                audio == null ? 0 : audio.path("channels").asInt(0),
                audio == null ? 0 : number(audio.path("duration")));
    }

    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return node.isTextual() ? Double.parseDouble(node.asText()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double rate(String fraction) {
        int slash = fraction.indexOf('/');
        try {
            if (slash < 0) {
                return fraction.isEmpty() ? 0 : Double.parseDouble(fraction);
            }
            double denominator = Double.parseDouble(fraction.substring(slash + 1));
            return denominator == 0 ? 0 : Double.parseDouble(fraction.substring(0, slash)) / denominator;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void requireFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new RenderException("cannot probe " + file + ": no such file");
        }
    }
}
