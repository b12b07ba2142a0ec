package dev.photoreel.workflow.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.InputFile;
import dev.photoreel.workflow.testing.Samples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MediaFormatTest {

    private static String format(byte[] head) {
        return MediaFormat.detect(head).map(d -> d.kind() + ":" + d.format()).orElse("none");
    }

    @Test
    void detect_supportedFormatsByMagicBytes() {
        assertEquals("IMAGE:jpeg", format(Samples.jpeg()));
        assertEquals("IMAGE:png", format(Samples.png()));
        assertEquals("IMAGE:gif", format(Samples.gif()));
        assertEquals("IMAGE:webp", format(Samples.webp()));
        assertEquals("AUDIO:wav", format(Samples.wav()));
        assertEquals("AUDIO:mp3", format(Samples.mp3()));
        assertEquals("AUDIO:mp3", format(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0}));
        assertEquals("AUDIO:aac", format(new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80}));
        assertEquals("AUDIO:m4a", format("\0\0\0\u0020ftypM4A \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void detect_textVideoAndEmpty_areUnsupported() {
        assertEquals("none", format(Samples.text()));
        assertEquals("none", format("\0\0\0\u0020ftypisom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("none", format(new byte[0]));
        assertTrue(MediaFormat.SUPPORTED.contains("webp"));
        assertEquals(InputFile.Kind.IMAGE, MediaFormat.detect(Samples.jpeg()).orElseThrow().kind());
    }
}
