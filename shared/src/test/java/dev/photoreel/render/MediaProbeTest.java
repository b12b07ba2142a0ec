package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProbeTest {

    private static MediaProbe probe;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        probe = new MediaProbe(FfmpegLocator.locate());
    }

    @Test
    void probeImage_readsJpegAndPngSizeFromContentNotName() throws IOException {
        Path jpeg = TestMedia.solidJpeg(dir, "photo.jpg", 640, 360, Color.GREEN);
        Path png = TestMedia.solidPng(dir, "portrait.png", 300, 500, Color.ORANGE);
        Path renamed = Files.move(png, dir.resolve("upload-7f3a"));

        assertEquals(new ImageSize(640, 360), probe.probeImage(jpeg));
        assertEquals(new ImageSize(300, 500), probe.probeImage(renamed));
        assertEquals("png", probe.probe(renamed).videoCodec());
    }

    @Test
    void probeImage_withExifOrientationTurningIt_reportsShownSize() {
        Path photo = TestMedia.splitJpeg(dir, "phone.jpg", 640, 360, Color.RED, Color.BLUE);
        TestMedia.addExifOrientation(photo, 8, java.nio.ByteOrder.BIG_ENDIAN);

        assertEquals(new ImageSize(360, 640), probe.probeImage(photo));
        assertEquals(640, probe.probe(photo).width(), "probe reports the stored size");
    }

    @Test
    void probe_wav_reportsAudioOnlyWithDuration() {
        Path wav = TestMedia.toneWav(dir, "tone.wav", 1.25, 440);

        MediaInfo info = probe.probe(wav);

        assertEquals("wav", info.formatName());
        assertEquals("pcm_s16le", info.audioCodec());
        assertEquals(2, info.audioChannels());
        assertEquals(1.25, info.durationSeconds(), 0.01);
        assertFalse(info.hasVideo());
        assertEquals(MediaInfo.NOT_COUNTED, info.frameCount());
    }

    @Test
    void probeImage_whenFileIsNotMedia_throwsWithFfprobeMessage() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "this is not a picture");

        RenderException error = assertThrows(RenderException.class, () -> probe.probeImage(text));

        assertTrue(error.getMessage().contains("notes.jpg"), error.getMessage());
    }

    @Test
    void probe_whenFileIsMissing_throwsNamingIt() {
        Path missing = dir.resolve("gone.mp4");

        RenderException error = assertThrows(RenderException.class, () -> probe.probe(missing));

        assertTrue(error.getMessage().contains("gone.mp4"), error.getMessage());
    }

    @Test
    void probe_withoutFfprobe_failsSayingWhatToInstall() throws IOException {
        Path wav = TestMedia.toneWav(dir, "tone.wav", 0.5, 440);
        MediaProbe noFfprobe = new MediaProbe(new FfmpegExecutables(FfmpegLocator.locate().ffmpeg(), null));

        RenderException error = assertThrows(RenderException.class, () -> noFfprobe.probe(wav));

        assertTrue(error.getMessage().contains("apt-get install -y ffmpeg"), error.getMessage());
    }

    @Test
    void parse_skipsCoverArtAndIgnoresUnknownFields() throws IOException {
        try (InputStream json = getClass().getResourceAsStream("/render/ffprobe-mp3-with-cover-art.json")) {
            MediaInfo info = MediaProbe.parse(new ObjectMapper().readTree(json), false);

            assertEquals("mp3", info.formatName());
            assertEquals("mp3", info.audioCodec());
            assertEquals(2, info.audioChannels());
            assertEquals(187.402449, info.durationSeconds(), 1e-6);
            assertEquals(187.402449, info.audioDurationSeconds(), 1e-6);
            assertNull(info.videoCodec(), "cover art is not a video stream");
            assertEquals(0, info.width());
            assertEquals(0.0, info.fps());
        }
    }
}
