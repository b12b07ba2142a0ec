package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExifOrientationTest {

    @TempDir
    Path dir;

    @Test
    void read_findsOrientationInBigAndLittleEndianExif() {
        Path big = TestMedia.solidJpeg(dir, "big.jpg", 64, 32, Color.GRAY);
        Path little = TestMedia.solidJpeg(dir, "little.jpg", 64, 32, Color.GRAY);
        TestMedia.addExifOrientation(big, 6, ByteOrder.BIG_ENDIAN);
        TestMedia.addExifOrientation(little, 3, ByteOrder.LITTLE_ENDIAN);

        assertEquals(6, ExifOrientation.read(big));
        assertEquals(3, ExifOrientation.read(little));
    }

    @Test
    void read_withoutExif_isNormal() throws IOException {
        assertEquals(1, ExifOrientation.read(TestMedia.solidJpeg(dir, "plain.jpg", 64, 32, Color.GRAY)));
        assertEquals(1, ExifOrientation.read(TestMedia.solidPng(dir, "plain.png", 64, 32, Color.GRAY)));
        assertEquals(1, ExifOrientation.read(Files.write(dir.resolve("junk.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1})));
        assertEquals(1, ExifOrientation.read(dir.resolve("missing.jpg")));
    }

    @Test
    void filters_turnEveryOrientationUpright() {
        assertEquals("", ExifOrientation.filters(1));
        assertEquals("hflip", ExifOrientation.filters(2));
        assertEquals("hflip,vflip", ExifOrientation.filters(3));
        assertEquals("vflip", ExifOrientation.filters(4));
        assertEquals("transpose=cclock_flip", ExifOrientation.filters(5));
        assertEquals("transpose=clock", ExifOrientation.filters(6));
        assertEquals("transpose=clock_flip", ExifOrientation.filters(7));
        assertEquals("transpose=cclock", ExifOrientation.filters(8));
        assertTrue(ExifOrientation.swapsSides(6));
        assertFalse(ExifOrientation.swapsSides(3));
    }
}
