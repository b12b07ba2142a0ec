package dev.photoreel.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.testing.Samples;
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
    void sniff_recognisesEachFormatByItsMagicBytes() {
        assertEquals(Optional.of(MediaFormat.JPEG), MediaFormat.sniff(Samples.jpeg()));
        assertEquals(Optional.of(MediaFormat.PNG), MediaFormat.sniff(Samples.png()));
        assertEquals(Optional.of(MediaFormat.GIF), MediaFormat.sniff(Samples.gif()));
        assertEquals(Optional.of(MediaFormat.WEBP), MediaFormat.sniff(Samples.webp()));
        assertEquals(Optional.of(MediaFormat.WAV), MediaFormat.sniff(Samples.wav()));
        assertEquals(Optional.of(MediaFormat.MP3), MediaFormat.sniff(Samples.mp3()));
        assertEquals(Optional.of(MediaFormat.MP3), MediaFormat.sniff(bytes(0xFF, 0xFB, 0x90, 0x64)));
        assertEquals(Optional.of(MediaFormat.AAC), MediaFormat.sniff(bytes(0xFF, 0xF1, 0x50, 0x80)));
        assertEquals(Optional.of(MediaFormat.M4A), MediaFormat.sniff(ascii("\0\0\0\u0020ftypM4A \0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.AVI), MediaFormat.sniff(ascii("RIFF\0\0\0\0AVI LIST", 16)));
        assertEquals(Optional.of(MediaFormat.MP4), MediaFormat.sniff(ascii("\0\0\0\u0020ftypisom\0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.MOV), MediaFormat.sniff(ascii("\0\0\0\u0014ftypqt  \0\0\0\0", 16)));
        assertEquals(Optional.of(MediaFormat.WEBM), MediaFormat.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm')));
        assertEquals(Optional.of(MediaFormat.MKV), MediaFormat.sniff(bytes(0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0x88, 'm', 'a', 't', 'r')));
    }

    @Test
    void sniff_mpegFrameWithBadBitrateOrReservedSamplingRate_isNoFormat() {
        assertTrue(MediaFormat.sniff(bytes(0xFF, 0xFB, 0xF0, 0x64)).isEmpty(), "bitrate index 15 is 'bad'");
        assertTrue(MediaFormat.sniff(bytes(0xFF, 0xFB, 0x9C, 0x64)).isEmpty(), "sampling rate index 3 is reserved");
        assertTrue(MediaFormat.sniff(bytes(0xFF, 0xE1, 0x90, 0x64)).isEmpty(), "layer 00 is reserved");
    }

    @Test
    void sniff_textUnknownRiffAndEmpty_areNoFormat() {
        assertTrue(MediaFormat.sniff(Samples.text()).isEmpty());
        assertTrue(MediaFormat.sniff(ascii("RIFF\0\0\0\0XXXX", 12)).isEmpty());
        assertTrue(MediaFormat.sniff(new byte[0]).isEmpty());
    }

    @Test
    void workflowPolicy_acceptsImagesAndAudioButNoVideo() {
        assertEquals(Optional.of(MediaFormat.JPEG), MediaPolicy.WORKFLOW.accept(Samples.jpeg()));
        assertEquals(Optional.of(MediaFormat.MP3), MediaPolicy.WORKFLOW.accept(Samples.mp3()));
        assertTrue(MediaPolicy.WORKFLOW.accept(ascii("\0\0\0\u0020ftypisom\0\0\0\0", 16)).isEmpty());
        assertEquals("jpg/jpeg, png, gif, webp, mp3, wav, m4a, aac", MediaPolicy.WORKFLOW.supported());
    }

    @Test
    void vendorPolicy_acceptsVideoToo_andListsFormatsInTheVendorsOrder() {
        assertEquals(Optional.of(MediaFormat.MP4), MediaPolicy.NEMOVIDEO.accept(ascii("\0\0\0\u0020ftypisom\0\0\0\0", 16)));
        assertEquals("mp4, mov, avi, webm, mkv, jpg/jpeg, png, gif, webp, mp3, wav, m4a, aac", MediaPolicy.NEMOVIDEO.supported());
    }

    @Test
    void everyFormatTheWorkflowAccepts_theVendorAcceptsToo() {
        for (MediaFormat format : MediaFormat.values()) {
            assertTrue(!MediaPolicy.WORKFLOW.accepts(format) || MediaPolicy.NEMOVIDEO.accepts(format), format.name());
        }
    }
}
