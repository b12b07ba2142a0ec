package dev.photoreel.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads media facts with ffmpeg alone (there is no ffprobe): the format, streams and duration from the input
 * description that {@code ffmpeg -i <file>} writes to stderr, frame counts and stream durations by decoding into
 * the null muxer, and single frames as raw RGB. An image's EXIF orientation is read in Java. Thread-safe.
 */
public final class MediaProbe {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern INPUT = Pattern.compile("^Input #0, (.+), from '.*':$");
    private static final Pattern DURATION = Pattern.compile("^\\s+Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");
    private static final Pattern STREAM = Pattern.compile("^\\s+Stream #0:\\d+\\S*: (Video|Audio): ([A-Za-z0-9_]+)(.*)$");
    private static final Pattern SIZE = Pattern.compile("[ ,](\\d+)x(\\d+)(?=[ ,\\[]|$)");
    private static final Pattern FPS = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) fps");
    private static final Pattern TBR = Pattern.compile(", (\\d+(?:\\.\\d+)?)(k?) tbr");
    private static final Pattern CHANNELS = Pattern.compile(", (\\d+) channels");
    private static final Pattern FINAL_FRAME = Pattern.compile("frame=\\s*(\\d+)");
    private static final Pattern FINAL_TIME = Pattern.compile("time=\\s*(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    private final Ffmpeg ffmpeg;
    private final Duration timeout;

    /** Uses {@link FfmpegLocator#locate()}. */
    public MediaProbe() {
        this(FfmpegLocator.locate());
    }

    public MediaProbe(Ffmpeg ffmpeg) {
        this(ffmpeg, DEFAULT_TIMEOUT);
    }

    public MediaProbe(Ffmpeg ffmpeg, Duration timeout) {
        this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Format, streams and duration, without decoding (fast). */
    public MediaInfo probe(Path file) {
        return probe(file, false);
    }

    /**
     * Format, streams and duration; with {@code decode} ffmpeg also decodes the whole file to count the video
     * frames and to measure the audio stream's own duration.
     *
     * @throws RenderException when the file is missing or not a media file ffmpeg can read
     */
    public MediaInfo probe(Path file, boolean decode) {
        requireFile(file);
        String path = file.toAbsolutePath().toString();
        ProcessRunner.Result result = ProcessRunner.run(
                List.of(ffmpeg.executable().toString(), "-hide_banner", "-nostdin", "-i", path), timeout);
        MediaInfo info = parse(result.stderr());
        if (info == null) {
            throw new RenderException("ffmpeg could not read " + file + " as media: " + result.stderrTail());
        }
        if (!decode) {
            return info;
        }
        long frames = info.hasVideo() ? Math.round(decoded(path, "0:v:0", FINAL_FRAME, file)) : MediaInfo.NOT_COUNTED;
        double audioSeconds = info.hasAudio() ? decoded(path, "0:a:0", FINAL_TIME, file) : 0;
        return new MediaInfo(info.formatName(), info.videoCodec(), info.width(), info.height(),
                info.durationSeconds(), frames, info.fps(), info.audioCodec(), info.audioChannels(), audioSeconds);
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
        List<String> command = List.of(ffmpeg.executable().toString(), "-hide_banner", "-nostdin", "-v", "error",
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

    /**
     * Decodes one stream into the null muxer and reads a figure from ffmpeg's final report: {@code frame=} (frames)
     * or {@code time=} (seconds).
     */
    private double decoded(String path, String stream, Pattern figure, Path file) {
        ProcessRunner.Result result = ProcessRunner.run(List.of(ffmpeg.executable().toString(), "-hide_banner",
                "-nostdin", "-nostats", "-i", path, "-map", stream, "-f", "null", "-"), timeout);
        if (!result.succeeded()) {
            throw new RenderException("ffmpeg could not decode stream " + stream + " of " + file + " (exit "
                    + result.exitCode() + "): " + result.stderrTail());
        }
        Double last = null;
        for (String line : result.stderr().split("\n")) {
            Matcher m = figure.matcher(line);
            boolean report = line.startsWith("frame=") || line.startsWith("size=");
            if (report && m.find()) {
                last = figure == FINAL_FRAME ? Double.parseDouble(m.group(1)) : seconds(m);
            }
        }
        if (last == null) {
            throw new RenderException("ffmpeg gave no final report decoding " + stream + " of " + file + ": "
                    + result.stderrTail());
        }
        return last;
    }

    /**
     * Reads the description of input #0 that {@code ffmpeg -i} writes to stderr; null when there is none (not a
     * media file). Cover art ({@code (attached pic)}) is not a video stream; only the first video and audio stream
     * count. Stream durations are not in the description: {@link MediaInfo#audioDurationSeconds()} is the file's
     * duration for an audio-only file and 0 otherwise (decode to measure it).
     */
    static MediaInfo parse(String stderr) {
        String format = null;
        double duration = 0;
        String videoCodec = null;
        int width = 0;
        int height = 0;
        double fps = 0;
        String audioCodec = null;
        int channels = 0;
        for (String line : stderr.split("\n")) {
            if (format == null) {
                Matcher input = INPUT.matcher(line);
                if (input.matches()) {
                    format = input.group(1);
                }
                continue;
            }
            if (!line.startsWith(" ")) {
                break; // the end of input #0's description: "Stream mapping:", "Output #0", an error
            }
            Matcher d = DURATION.matcher(line);
            if (d.find()) {
                duration = seconds(d);
                continue;
            }
            Matcher stream = STREAM.matcher(line);
            if (!stream.matches()) {
                continue;
            }
            String rest = stream.group(3);
            if ("Video".equals(stream.group(1)) && videoCodec == null && !rest.contains("(attached pic)")) {
                videoCodec = stream.group(2);
                Matcher size = SIZE.matcher(rest);
                if (size.find()) {
                    width = Integer.parseInt(size.group(1));
                    height = Integer.parseInt(size.group(2));
                }
                fps = rate(FPS.matcher(rest));
                if (fps == 0) {
                    fps = rate(TBR.matcher(rest));
                }
            } else if ("Audio".equals(stream.group(1)) && audioCodec == null) {
                audioCodec = stream.group(2);
                channels = channels(rest);
            }
        }
        if (format == null) {
            return null;
        }
        double audioDuration = audioCodec != null && videoCodec == null ? duration : 0;
        return new MediaInfo(format, videoCodec, width, height, duration, MediaInfo.NOT_COUNTED, fps, audioCodec,
                channels, audioDuration);
    }

    private static double seconds(Matcher hms) {
        return Integer.parseInt(hms.group(1)) * 3600.0 + Integer.parseInt(hms.group(2)) * 60.0
                + Double.parseDouble(hms.group(3));
    }

    private static double rate(Matcher m) {
        if (!m.find()) {
            return 0;
        }
        double value = Double.parseDouble(m.group(1));
        return m.group(2).isEmpty() ? value : value * 1000;
    }

    /** Channels from the layout ffmpeg prints: {@code mono}, {@code stereo}, {@code 5.1(side)}, {@code 3 channels}. */
    static int channels(String description) {
        Matcher counted = CHANNELS.matcher(description);
        if (counted.find()) {
            return Integer.parseInt(counted.group(1));
        }
        for (String part : description.split(",")) {
            String layout = part.trim().replaceAll("\\(.*\\)$", "");
            switch (layout) {
                case "mono": return 1;
                case "stereo", "downmix": return 2;
                case "2.1", "3.0", "3.0(back)": return 3;
                case "quad", "4.0", "3.1": return 4;
                case "5.0", "4.1": return 5;
                case "5.1", "6.0", "hexagonal": return 6;
                case "6.1", "7.0": return 7;
                case "7.1": return 8;
                default: break;
            }
        }
        return 0;
    }

    private static void requireFile(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new RenderException("cannot probe " + file + ": no such file");
        }
    }
}
