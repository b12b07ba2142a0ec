package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads width and height of images (ImageIO for JPEG/PNG/GIF, the WebP header by hand), the duration
 * of WAV files from their header, and the duration/size/fps of other audio and video with ffprobe.
 */
final class MediaInspector {

    private static final Logger LOG = LoggerFactory.getLogger(MediaInspector.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ffprobe;

    MediaInspector(String ffprobe) {
        this.ffprobe = ffprobe;
    }

    MediaInfo inspect(Path file, MediaFormat format) {
        try {
            return switch (format) {
                case JPEG, PNG, GIF -> imageIo(file);
                case WEBP -> webp(file);
                case WAV -> wav(file);
                default -> probe(file);
            };
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read media details; recording none. file={} format={} error={}", file.getFileName(), format, e.toString());
            return MediaInfo.NONE;
        }
    }

    private static MediaInfo imageIo(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return MediaInfo.NONE;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new MediaInfo(reader.getWidth(0), reader.getHeight(0), null, null);
            } finally {
                reader.dispose();
            }
        }
    }

    /** WebP: RIFF header, then a VP8, VP8L or VP8X chunk that carries the canvas size. */
    static MediaInfo webp(Path file) throws IOException {
        byte[] h = new byte[30];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(h, 0, h.length) < h.length) {
                return MediaInfo.NONE;
            }
        }
        String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        switch (chunk) {
            case "VP8 " -> {
                if ((h[23] & 0xFF) != 0x9D || (h[24] & 0xFF) != 0x01 || (h[25] & 0xFF) != 0x2A) {
                    return MediaInfo.NONE;
                }
                int w = ((h[26] & 0xFF) | (h[27] & 0xFF) << 8) & 0x3FFF;
                int ht = ((h[28] & 0xFF) | (h[29] & 0xFF) << 8) & 0x3FFF;
                return new MediaInfo(w, ht, null, null);
            }
            case "VP8L" -> {
                if ((h[20] & 0xFF) != 0x2F) {
                    return MediaInfo.NONE;
                }
                long bits = (h[21] & 0xFFL) | (h[22] & 0xFFL) << 8 | (h[23] & 0xFFL) << 16 | (h[24] & 0xFFL) << 24;
                int w = (int) (bits & 0x3FFF) + 1;
                int ht = (int) ((bits >> 14) & 0x3FFF) + 1;
                return new MediaInfo(w, ht, null, null);
            }
            case "VP8X" -> {
                int w = ((h[24] & 0xFF) | (h[25] & 0xFF) << 8 | (h[26] & 0xFF) << 16) + 1;
                int ht = ((h[27] & 0xFF) | (h[28] & 0xFF) << 8 | (h[29] & 0xFF) << 16) + 1;
                return new MediaInfo(w, ht, null, null);
            }
            default -> {
                return MediaInfo.NONE;
            }
        }
    }

    /** WAV: walks the RIFF chunks for {@code fmt } (byte rate) and {@code data} (size). */
    static MediaInfo wav(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long pos = 12;
            long byteRate = 0;
            while (pos + 8 <= raf.length()) {
                raf.seek(pos);
                byte[] header = new byte[8];
                raf.readFully(header);
                String id = new String(header, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                long size = (header[4] & 0xFFL) | (header[5] & 0xFFL) << 8 | (header[6] & 0xFFL) << 16 | (header[7] & 0xFFL) << 24;
                if (id.equals("fmt ") && size >= 12) {
                    byte[] fmt = new byte[12];
                    raf.readFully(fmt);
                    byteRate = (fmt[8] & 0xFFL) | (fmt[9] & 0xFFL) << 8 | (fmt[10] & 0xFFL) << 16 | (fmt[11] & 0xFFL) << 24;
                } else if (id.equals("data")) {
                    if (byteRate <= 0) {
                        return MediaInfo.NONE;
                    }
                    long dataSize = Math.min(size, raf.length() - pos - 8);
                    return new MediaInfo(null, null, (double) dataSize / byteRate, null);
                }
                pos += 8 + size + (size & 1);
            }
        }
        return MediaInfo.NONE;
    }

    /** ffprobe for everything else; no ffprobe on the machine means no details, not an error. */
    MediaInfo probe(Path file) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(ffprobe, "-v", "error", "-print_format", "json",
                    "-show_format", "-show_streams", file.toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warn("ffprobe is not available; durations of audio and video are not recorded. ffprobe={}", ffprobe);
            return MediaInfo.NONE;
        }
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return MediaInfo.NONE;
            }
            JsonNode root = JSON.readTree(out);
            Double duration = number(root.path("format").path("duration"));
            Integer width = null;
            Integer height = null;
            Double fps = null;
            for (JsonNode stream : root.path("streams")) {
                if ("video".equals(stream.path("codec_type").asText()) && width == null
                        && !stream.path("disposition").path("attached_pic").asBoolean(false)) {
                    width = stream.path("width").isInt() ? stream.path("width").asInt() : null;
                    height = stream.path("height").isInt() ? stream.path("height").asInt() : null;
                    fps = rate(stream.path("avg_frame_rate").asText(stream.path("r_frame_rate").asText("")));
                }
                if (duration == null) {
                    duration = number(stream.path("duration"));
                }
            }
            return new MediaInfo(width, height, duration, fps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return MediaInfo.NONE;
        }
    }

    private static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double rate(String fraction) {
        String[] parts = fraction.split("/");
        try {
            double num = Double.parseDouble(parts[0]);
            double den = parts.length > 1 ? Double.parseDouble(parts[1]) : 1;
            return den == 0 || num == 0 ? null : num / den;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
