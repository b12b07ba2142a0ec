package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaProbeIT {

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
    void probeImage_whenFileIsNotMedia_throwsWithFfmpegMessage() throws IOException {
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
    void probe_decodingAVideo_countsFramesAndMeasuresTheAudio() {
        Path video = dir.resolve("clip.mp4");
        ProcessRunner.Result made = ProcessRunner.run(List.of(FfmpegLocator.locate().executable().toString(),
                "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2", "-f", "lavfi", "-i",
                "sine=d=1.5", "-c:v", "libx264", "-c:a", "aac", video.toString()), Duration.ofSeconds(60));
        assertTrue(made.succeeded(), made.stderrTail());

        MediaInfo quick = probe.probe(video);
        MediaInfo decoded = probe.probe(video, true);

        assertEquals(MediaInfo.NOT_COUNTED, quick.frameCount());
        assertEquals(50, decoded.frameCount());
        assertEquals(2.0, decoded.durationSeconds(), 0.05);
        assertEquals(1.5, decoded.audioDurationSeconds(), 0.05);
        assertEquals("h264", decoded.videoCodec());
        assertEquals(25.0, decoded.fps(), 0.01);
        assertEquals(1, decoded.audioChannels());
        assertTrue(decoded.formatName().contains("mp4"), decoded.formatName());
    }

    @Test
    void parse_skipsCoverArtAndIgnoresMetadata() throws IOException {
        try (InputStream text = getClass().getResourceAsStream("/render/ffmpeg-i-mp3-with-cover-art.txt")) {
            MediaInfo info = MediaProbe.parse(new String(text.readAllBytes(), StandardCharsets.UTF_8));

            assertEquals("mp3", info.formatName());
            assertEquals("mp3", info.audioCodec());
            assertEquals(2, info.audioChannels());
            assertEquals(187.40, info.durationSeconds(), 1e-9);
            assertEquals(187.40, info.audioDurationSeconds(), 1e-9, "audio only: the file's duration");
            assertNull(info.videoCodec(), "cover art is not a video stream");
            assertEquals(0, info.width());
            assertEquals(0.0, info.fps());
        }
    }

    @Test
    void parse_readsOnlyInputZeroAndNotTheOutputSection() {
        String stderr = """
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':
                  Duration: 00:00:10.03, start: 0.000000, bitrate: 873 kb/s
                  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709), 1920x1080 [SAR 1:1 DAR 16:9], 784 kb/s, 29.97 fps, 29.97 tbr, 15360 tbn (default)
                  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, 74 kb/s (default)
                Stream mapping:
                  Stream #0:0 -> #0:0 (h264 (native) -> wrapped_avframe (native))
                Output #0, null, to 'pipe:':
                  Stream #0:0(und): Video: wrapped_avframe, yuv420p, 640x360, 30 fps
                """;

        MediaInfo info = MediaProbe.parse(stderr);

        assertEquals(new ImageSize(1920, 1080), new ImageSize(info.width(), info.height()));
        assertEquals(29.97, info.fps(), 1e-9);
        assertEquals(10.03, info.durationSeconds(), 1e-9);
        assertEquals(6, info.audioChannels());
        assertEquals(0.0, info.audioDurationSeconds(), "not measured without decoding");
    }

    @Test
    void parse_whenFfmpegDescribesNoInput_returnsNull() {
        assertNull(MediaProbe.parse("/tmp/notes.jpg: Invalid data found when processing input\n"));
    }
}
