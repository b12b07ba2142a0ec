package dev.photoreel.local.emulator;

import dev.photoreel.media.MediaFormat;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RenderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads width and height of images (ImageIO for JPEG/PNG/GIF, the WebP header by hand), the duration
 * of WAV files from their header, and the duration/size/fps of other audio and video with the render
 * package's {@link MediaProbe} (ffmpeg).
 */
final class MediaInspector {

    private static final Logger LOG = LoggerFactory.getLogger(MediaInspector.class);
    private final MediaProbe probe;

    /** {@code probe} may be null when no ffmpeg was found. */
    MediaInspector(MediaProbe probe) {
        this.probe = probe;
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

    /** The render package's probe for everything else; no ffmpeg means no details, not an error. */
    MediaInfo probe(Path file) {
        if (probe == null) {
            return MediaInfo.NONE;
        }
        try {
            dev.photoreel.render.MediaInfo info = probe.probe(file);
            return new MediaInfo(info.width() > 0 ? info.width() : null, info.height() > 0 ? info.height() : null,
                    info.durationSeconds() > 0 ? info.durationSeconds() : null, info.fps() > 0 ? info.fps() : null);
        } catch (RenderException e) {
            LOG.warn("ffmpeg could not read the file; recording no details. file={} error={}", file.getFileName(), e.getMessage());
            return MediaInfo.NONE;
        }
    }
}
