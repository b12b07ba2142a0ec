package dev.photoreel.workflow.media;

import java.nio.charset.StandardCharsets;

/**
 * Reads an image's declared size from its headers only, never decoding pixels: JPEG (the SOF segment,
 * found by walking the segment headers), PNG (IHDR), WebP (VP8, VP8L or VP8X), GIF (the logical screen,
 * every frame's descriptor, and the frame count by walking the blocks). Bytes come from ranged reads
 * within a byte budget, so a crafted file cannot make validation read or allocate much.
 */
public final class ImageHeader {

    /** How many bytes the first read should fetch (the caller may pass them in as {@code head}). */
    public static final int FIRST_READ_BYTES = 4096;
    /** Most bytes fetched to find a JPEG's SOF (segment headers are read, segment bodies skipped). */
    static final long JPEG_BUDGET = 2L * 1024 * 1024;
    /** Most bytes fetched to count a GIF's frames; past it the count so far is used. */
    static final long GIF_BUDGET = 8L * 1024 * 1024;
    private static final int JPEG_CHUNK = 16 * 1024;
    private static final int GIF_CHUNK = 512 * 1024;

    /** Reads up to {@code length} bytes at {@code offset}; fewer at the end of the file. */
    @FunctionalInterface
    public interface RangeReader {
        byte[] read(long offset, int length);
    }

    /**
     * What the headers declare.
     *
     * @param width          the canvas width (a GIF's logical screen), in pixels
     * @param height         the canvas height
     * @param largestFrame   the pixels of the largest frame (a GIF frame may claim more than its screen)
     * @param frames         frames counted (1 for still images)
     * @param framesCounted  false when a GIF's walk stopped at the byte budget before its end
     */
    public record Dimensions(long width, long height, long largestFrame, int frames, boolean framesCounted) {
        public long pixels() {
            return Math.max(width * height, largestFrame);
        }
    }

    /** The headers do not say how large the image is (truncated, malformed, or too far into the file). */
    public static final class UnreadableHeaderException extends RuntimeException {
        public UnreadableHeaderException(String message) {
            super(message);
        }
    }

    private ImageHeader() {
    }

    /**
     * The dimensions of an image of {@code format} (as {@link dev.photoreel.media.MediaFormat#format()} names it).
     *
     * @param head the file's first bytes, already read (may be shorter than the file)
     * @throws UnreadableHeaderException when the headers do not declare the size within the budget
     */
    public static Dimensions read(String format, byte[] head, RangeReader reader) {
        Bytes bytes = new Bytes(head, reader);
        return switch (format) {
            case "png" -> png(bytes);
            case "jpeg" -> {
                try {
                    yield jpeg(bytes);
                } catch (BudgetExhausted e) {
                    throw new UnreadableHeaderException("its JPEG frame header (SOF) is not within the first "
                            + JPEG_BUDGET / (1024 * 1024) + " MB of segment headers");
                }
            }
            case "webp" -> webp(bytes);
            case "gif" -> gif(bytes);
            default -> throw new IllegalArgumentException("not an image format: " + format);
        };
    }

    private static Dimensions png(Bytes b) {
        if (!b.ascii(12, "IHDR")) {
            throw new UnreadableHeaderException("its PNG header has no IHDR chunk where the format puts it");
        }
        return still(b.u32be(16), b.u32be(20));
    }

    private static Dimensions jpeg(Bytes b) {
        b.limit(JPEG_BUDGET, JPEG_CHUNK);
        long pos = 2;
        while (true) {
            if (b.u8(pos) != 0xFF) {
                throw new UnreadableHeaderException("its JPEG segments are malformed at byte " + pos);
            }
            while (b.u8(pos + 1) == 0xFF) {
                pos++; // fill bytes
            }
            int marker = b.u8(pos + 1);
            if (marker == 0xD9 || marker == 0xDA) {
                throw new UnreadableHeaderException("its JPEG data starts before any frame header (SOF) declares the size");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // markers without a length
                continue;
            }
            int length = b.u16be(pos + 2);
            if (length < 2) {
                throw new UnreadableHeaderException("its JPEG segment at byte " + pos + " has an impossible length");
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                long height = b.u16be(pos + 5);
                long width = b.u16be(pos + 7);
                if (height == 0) {
                    throw new UnreadableHeaderException("its JPEG frame header declares no height (a DNL marker this check does not follow)");
                }
                return still(width, height);
            }
            pos += 2 + length;
        }
    }

    private static Dimensions webp(Bytes b) {
        if (b.ascii(12, "VP8 ")) {
            if (b.u8(23) != 0x9D || b.u8(24) != 0x01 || b.u8(25) != 0x2A) {
                throw new UnreadableHeaderException("its WebP (VP8) frame has no start code");
            }
            return still(b.u16le(26) & 0x3FFF, b.u16le(28) & 0x3FFF);
        }
        if (b.ascii(12, "VP8L")) {
            if (b.u8(20) != 0x2F) {
                throw new UnreadableHeaderException("its WebP (VP8L) header has no signature");
            }
            long bits = b.u32le(21);
            return still((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        if (b.ascii(12, "VP8X")) {
            return still(b.u24le(24) + 1, b.u24le(27) + 1);
        }
        throw new UnreadableHeaderException("its WebP header has none of the VP8, VP8L or VP8X chunks");
    }

    private static Dimensions gif(Bytes b) {
        long width = b.u16le(6);
        long height = b.u16le(8);
        int packed = b.u8(10);
        long pos = 13 + colorTable(packed);
        b.limit(GIF_BUDGET, GIF_CHUNK);
        int frames = 0;
        long largest = 0;
        try {
            while (true) {
                int introducer = b.u8(pos);
                if (introducer == 0x3B) {
                    break; // trailer
                }
                if (introducer == 0x2C) {
                    frames++;
                    largest = Math.max(largest, (long) b.u16le(pos + 5) * b.u16le(pos + 7));
                    pos += 10 + colorTable(b.u8(pos + 9));
                    pos = skipSubBlocks(b, pos + 1); // after the LZW minimum code size
                } else if (introducer == 0x21) {
                    pos = skipSubBlocks(b, pos + 2);
                } else {
                    throw new UnreadableHeaderException("its GIF blocks are malformed at byte " + pos);
                }
            }
        } catch (BudgetExhausted e) {
            return new Dimensions(width, height, largest, frames, false);
        } catch (UnreadableHeaderException e) {
            if (frames == 0) {
                throw e;
            }
            // a truncated GIF after its first frames: judge by what was counted
            return new Dimensions(width, height, largest, frames, false);
        }
        if (frames == 0) {
            throw new UnreadableHeaderException("its GIF has no image");
        }
        return new Dimensions(width, height, largest, frames, true);
    }

    private static int colorTable(int packed) {
        return (packed & 0x80) == 0 ? 0 : 3 * (1 << ((packed & 0x07) + 1));
    }

    private static long skipSubBlocks(Bytes b, long pos) {
        while (true) {
            int size = b.u8(pos);
            pos += 1 + size;
            if (size == 0) {
                return pos;
            }
        }
    }

    private static Dimensions still(long width, long height) {
        return new Dimensions(width, height, width * height, 1, true);
    }

    /** The byte budget ran out (GIF: the frames so far are judged). */
    private static final class BudgetExhausted extends RuntimeException {
        BudgetExhausted() {
            super(null, null, false, false);
        }
    }

    /** A window over the file, refilled by ranged reads; counts the bytes fetched against a budget. */
    private static final class Bytes {
        private final RangeReader reader;
        private byte[] window;
        private long start;
        private long budget = Long.MAX_VALUE;
        private long fetched;
        private int chunk = FIRST_READ_BYTES;

        Bytes(byte[] head, RangeReader reader) {
            this.reader = reader;
            this.window = head == null ? new byte[0] : head;
            this.start = 0;
        }

        void limit(long bytes, int chunkBytes) {
            this.budget = bytes;
            this.chunk = chunkBytes;
        }

        int u8(long pos) {
            ensure(pos, 1);
            return window[(int) (pos - start)] & 0xFF;
        }

        int u16be(long pos) {
            return (u8(pos) << 8) | u8(pos + 1);
        }

        int u16le(long pos) {
            return u8(pos) | (u8(pos + 1) << 8);
        }

        long u24le(long pos) {
            return u8(pos) | ((long) u8(pos + 1) << 8) | ((long) u8(pos + 2) << 16);
        }

        long u32be(long pos) {
            return ((long) u16be(pos) << 16) | u16be(pos + 2);
        }

        long u32le(long pos) {
            return u16le(pos) | ((long) u16le(pos + 2) << 16);
        }

        boolean ascii(long pos, String text) {
            byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < expected.length; i++) {
                if (u8(pos + i) != (expected[i] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        private void ensure(long pos, int n) {
            if (pos >= start && pos + n <= start + window.length) {
                return;
            }
            int length = Math.max(n, chunk);
            if (fetched + length > budget) {
                throw new BudgetExhausted();
            }
            byte[] read = reader.read(pos, length);
            fetched += length;
            if (read.length < n) {
                throw new UnreadableHeaderException("the file ends inside its header (byte " + pos + ")");
            }
            window = read;
            start = pos;
        }
    }
}
