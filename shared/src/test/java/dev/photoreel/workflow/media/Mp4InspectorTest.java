package dev.photoreel.workflow.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.testing.Samples;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Mp4InspectorTest {

    private static Mp4Inspector.Result inspect(byte[] file, List<Long> reads) {
        return Mp4Inspector.inspect((offset, length) -> {
            reads.add(offset);
            int from = (int) Math.min(offset, file.length);
            return Arrays.copyOfRange(file, from, (int) Math.min(file.length, from + (long) length));
        }, file.length);
    }

    @Test
    void inspect_moovAtTheEnd_readsOnlyBoxHeadersAndMoov() {
        byte[] file = Samples.mp4(12.25, 1_000_000, false);
        List<Long> reads = new ArrayList<>();
        Mp4Inspector.Result result = inspect(file, reads);
        assertTrue(result.ok(), result.failure());
        assertEquals(12.25, result.info().durationSeconds());
        assertEquals("isom", result.info().majorBrand());
        assertTrue(reads.size() <= 5, reads.toString());
    }

    @Test
    void inspect_version1Mvhd_andLargeSizeBox() {
        ByteBuffer mvhd = ByteBuffer.allocate(112);
        mvhd.put((byte) 1).put(new byte[3]).putLong(0).putLong(0).putInt(600).putLong(600L * 90).put(new byte[80]);
        byte[] moov = Samples.box("moov", Samples.box("mvhd", mvhd.array()));
        ByteBuffer large = ByteBuffer.allocate(16 + 32);
        large.putInt(1).put("mdat".getBytes()).putLong(16 + 32);
        byte[] ftyp = Samples.box("ftyp", "mp42\0\0\0\0".getBytes());
        ByteBuffer file = ByteBuffer.allocate(ftyp.length + large.capacity() + moov.length);
        file.put(ftyp).put(large.array()).put(moov);
        Mp4Inspector.Result result = inspect(file.array(), new ArrayList<>());
        assertTrue(result.ok(), result.failure());
        assertEquals(90.0, result.info().durationSeconds());
    }

    @Test
    void inspect_rejectsNonMp4TruncatedAndZeroDuration() {
        assertFalse(inspect("not a video at all".getBytes(), new ArrayList<>()).ok());
        byte[] good = Samples.mp4(5, 100, false);
        assertTrue(inspect(Arrays.copyOf(good, good.length - 20), new ArrayList<>()).failure().contains("size"));
        assertTrue(inspect(Samples.mp4(0, 100, true), new ArrayList<>()).failure().contains("duration"));
        byte[] noMoov = Arrays.copyOf(good, good.length - Samples.box("moov", Samples.box("mvhd", new byte[100])).length);
        assertTrue(inspect(noMoov, new ArrayList<>()).failure().contains("no 'moov'"));
    }
}
