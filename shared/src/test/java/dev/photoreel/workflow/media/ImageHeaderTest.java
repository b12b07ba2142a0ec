package dev.photoreel.workflow.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

    /** A file served by ranged reads, counting them. */
    private static final class Ranged implements ImageHeader.RangeReader {
        final byte[] bytes;
        final List<long[]> reads = new ArrayList<>();

        Ranged(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public byte[] read(long offset, int length) {
            reads.add(new long[] {offset, length});
            int from = (int) Math.min(offset, bytes.length);
            return Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + (long) length));
        }

        long fetched() {
            return reads.stream().mapToLong(r -> Math.min(r[1], Math.max(0, bytes.length - r[0]))).sum();
        }
    }

    private static ImageHeader.Dimensions read(String format, byte[] file) {
        Ranged ranged = new Ranged(file);
        return ImageHeader.read(format, ranged.read(0, ImageHeader.FIRST_READ_BYTES), ranged);
    }

    @Test
    void png_readsIhdr_evenWhenItClaims60000x60000() {
        ImageHeader.Dimensions d = read("png", Samples.png(60_000, 60_000));
        assertEquals(60_000, d.width());
        assertEquals(60_000, d.height());
        assertEquals(3_600_000_000L, d.pixels());
        assertEquals(1, d.frames());
    }

    @Test
    void png_withTheLargestDeclarableSize_doesNotOverflow() {
        ImageHeader.Dimensions d = read("png", Samples.png(0xFFFFFFFFL, 0x7FFFFFFFL));
        assertEquals(0xFFFFFFFFL, d.width());
        assertTrue(d.pixels() > 0);
    }

    @Test
    void jpeg_walksSegmentHeadersToTheSof() {
        ImageHeader.Dimensions d = read("jpeg", Samples.jpeg(60_000, 60_000));
        assertEquals(60_000, d.width());
        assertEquals(60_000, d.height());
    }

    @Test
    void jpeg_whoseSofLiesBehindLargeSegments_isFoundByRangedReads_withoutReadingTheSegmentBodies() {
        byte[] big = new byte[64_000];
        byte[] file = concat(new byte[] {(byte) 0xFF, (byte) 0xD8},
                segment(0xE1, big), segment(0xE2, big), segment(0xED, big),
                segment(0xC2, new byte[] {8, 0x0F, (byte) 0xA0, 0x17, 0x70, 3}), new byte[] {(byte) 0xFF, (byte) 0xDA}, new byte[500_000]);
        Ranged ranged = new Ranged(file);

        ImageHeader.Dimensions d = ImageHeader.read("jpeg", ranged.read(0, ImageHeader.FIRST_READ_BYTES), ranged);

        assertEquals(6000, d.width());
        assertEquals(4000, d.height());
        assertTrue(ranged.fetched() < 100_000, "read " + ranged.fetched() + " bytes of " + file.length);
    }

    @Test
    void jpeg_withoutSof_orTruncated_isUnreadable() {
        byte[] noSof = concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, segment(0xE0, new byte[14]), new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2});
        assertThrows(ImageHeader.UnreadableHeaderException.class, () -> read("jpeg", noSof));
        byte[] truncated = Arrays.copyOf(Samples.jpeg(100, 100), 40);
        ImageHeader.UnreadableHeaderException e = assertThrows(ImageHeader.UnreadableHeaderException.class, () -> read("jpeg", truncated));
        assertTrue(e.getMessage().contains("ends"), e.getMessage());
    }

    @Test
    void jpeg_withEndlessSegments_stopsAtTheByteBudget() {
        // a file of empty APP segments, each one costing a ranged read: the budget ends the walk
        byte[] file = new byte[(int) ImageHeader.JPEG_BUDGET * 2];
        file[0] = (byte) 0xFF;
        file[1] = (byte) 0xD8;
        for (int pos = 2; pos + 4 <= file.length; pos += 20_002) {
            file[pos] = (byte) 0xFF;
            file[pos + 1] = (byte) 0xE1;
            file[pos + 2] = (byte) (20_000 >> 8);
            file[pos + 3] = (byte) (20_000 & 0xFF);
        }
        Ranged ranged = new Ranged(file);
        ImageHeader.UnreadableHeaderException e = assertThrows(ImageHeader.UnreadableHeaderException.class,
                () -> ImageHeader.read("jpeg", ranged.read(0, ImageHeader.FIRST_READ_BYTES), ranged));
        assertTrue(e.getMessage().contains("SOF"), e.getMessage());
        assertTrue(ranged.fetched() <= ImageHeader.JPEG_BUDGET + ImageHeader.FIRST_READ_BYTES);
    }

    @Test
    void webp_readsVp8_vp8l_andVp8x() {
        assertEquals(List.of(1024L, 576L), size(read("webp", Samples.webp(1024, 576))));
        // VP8L: 14-bit width-1 and height-1 after the 0x2F signature
        long bits = (16_383L) | (16_383L << 14);
        byte[] vp8l = concat("RIFF\0\0\0\0WEBPVP8L\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0x2F, (byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)}, new byte[40]);
        assertEquals(List.of(16_384L, 16_384L), size(read("webp", vp8l)));
        // VP8X: 24-bit canvas width-1 and height-1 (up to 16M each)
        byte[] vp8x = concat("RIFF\0\0\0\0WEBPVP8X\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0x02, 0, 0, 0, (byte) 0x5F, (byte) 0xEA, 0x00, (byte) 0x5F, (byte) 0xEA, 0x00}, new byte[40]);
        assertEquals(List.of(60_000L, 60_000L), size(read("webp", vp8x)));
    }

    @Test
    void gif_countsFramesByWalkingTheBlocks() {
        ImageHeader.Dimensions d = read("gif", Samples.gif(320, 240, 3000));
        assertEquals(320, d.width());
        assertEquals(3000, d.frames());
        assertTrue(d.framesCounted());
    }

    @Test
    void gif_frameLargerThanItsScreen_countsTheFrame() {
        byte[] file = Samples.gif(10, 10, 1);
        // the frame descriptor (after header 13, table 6, NETSCAPE 19, control 8) claims 60000x60000
        int descriptor = 13 + 6 + 19 + 8;
        assertEquals(0x2C, file[descriptor]);
        file[descriptor + 5] = (byte) 0x60;
        file[descriptor + 6] = (byte) 0xEA;
        file[descriptor + 7] = (byte) 0x60;
        file[descriptor + 8] = (byte) 0xEA;
        assertEquals(3_600_000_000L, read("gif", file).pixels());
    }

    @Test
    void gif_largerThanTheBudget_reportsTheFramesCountedSoFar() {
        // one frame of about 12 MB of image data, then more frames the budget never reaches
        byte[] head = Arrays.copyOf(Samples.gif(100, 100, 0), 13 + 6 + 19);
        List<byte[]> parts = new ArrayList<>(List.of(head, new byte[] {0x2C, 0, 0, 0, 0, 100, 0, 100, 0, 0, 2}));
        byte[] block = new byte[256];
        block[0] = (byte) 255;
        for (int i = 0; i < 48_000; i++) {
            parts.add(block);
        }
        parts.add(new byte[] {0});
        parts.add(Arrays.copyOfRange(Samples.gif(100, 100, 5), 13 + 6 + 19, Samples.gif(100, 100, 5).length));
        Ranged ranged = new Ranged(concat(parts.toArray(byte[][]::new)));

        ImageHeader.Dimensions d = ImageHeader.read("gif", ranged.read(0, ImageHeader.FIRST_READ_BYTES), ranged);

        assertEquals(1, d.frames());
        assertFalse(d.framesCounted());
        assertTrue(ranged.fetched() <= ImageHeader.GIF_BUDGET + ImageHeader.FIRST_READ_BYTES);
    }

    @Test
    void gif_malformedBeforeAnyFrame_isUnreadable() {
        byte[] file = Arrays.copyOf(Samples.gif(10, 10, 0), 13 + 6 + 19 + 1);
        file[file.length - 1] = 0x55;
        assertThrows(ImageHeader.UnreadableHeaderException.class, () -> read("gif", file));
    }

    private static List<Long> size(ImageHeader.Dimensions d) {
        return List.of(d.width(), d.height());
    }

    private static byte[] segment(int marker, byte[] body) {
        int length = body.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, body);
    }

    private static byte[] concat(byte[]... parts) {
        int size = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}
