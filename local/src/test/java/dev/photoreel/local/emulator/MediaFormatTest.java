package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MediaFormatTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] ascii(String prefix, int padTo) {
        byte[] b = new byte[Math.max(padTo, prefix.length())];
        System.arraycopy(prefix.getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, prefix.length());
        return b;
    }

    @Test
    void sniff_recognisesEachSupportedFormatByItsMagicBytes() {
        assertEquals(Optional.of(MediaFormat.JPEG), MediaFormat.sniff(TestMedia.jpeg(4, 4, Color.RED)));
        assertEquals(Optional.of(MediaFormat.PNG), MediaFormat.sniff(TestMedia.png(4, 4, Color.RED)));
        assertEquals(Optional.of(MediaFormat.GIF), MediaFormat.sniff(TestMedia.image("gif", 4, 4, Color.RED)));
        assertEquals(Optional.of(MediaFormat.WEBP), MediaFormat.sniff(TestMedia.webpLossless(4, 4)));
        assertEquals(Optional.of(MediaFormat.WAV), MediaFormat.sniff(TestMedia.wav(0.1)));
        assertEquals(Optional.of(MediaFormat.AVI), MediaFormat.sniff(ascii("RIFF\0\0\0\0AVI LIST", 16)));
        assertEquals(Optional.of(MediaFormat.MP3), MediaFormat.sniff(ascii("ID3\u0004\0", 10)));
        assertEquals(Optional.of(MediaFormat.MP3), MediaFormat.sniff(bytes(0xFF, 0xFB, 0x90, 0x64)));
        assertEquals(Optional.of(MediaFormat.AAC), MediaFormat.sniff(bytes(0xFF, 0xF1, 0x50, 0x80)));
        assertEquals(Optional.of(MediaFormat.M4A), MediaFormat.sniff(ascii("\0\0\0\u0020ftypM4A \0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.MP4), MediaFormat.sniff(ascii("\0\0\0\u0020ftypisom\0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.MOV), MediaFormat.sniff(ascii("\0\0\0\u0014ftypqt  \0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.WEBM), MediaFormat.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm')));
        assertEquals(Optional.of(MediaFormat.MKV), MediaFormat.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, 'm', 'a', 't', 'r')));
    }

    @Test
    void sniff_rejectsTextAndUnknownRiff() {
        assertTrue(MediaFormat.sniff("hello, this is a text file".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(MediaFormat.sniff(ascii("RIFF\0\0\0\0XXXX", 12)).isEmpty());
        assertTrue(MediaFormat.sniff(new byte[0]).isEmpty());
        assertEquals("image", MediaFormat.JPEG.fileType());
        assertEquals("audio", MediaFormat.M4A.fileType());
        assertEquals("video", MediaFormat.MOV.fileType());
    }
}
