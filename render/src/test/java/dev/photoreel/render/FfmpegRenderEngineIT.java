package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.render.VideoTimeline.Clip;
import dev.photoreel.render.VideoTimeline.Fit;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ffmpeg renders at real sizes, kept short in time; each output is probed and sampled. */
class FfmpegRenderEngineIT {

    private static final int FPS = 30;
    private static final double TOLERANCE_SECONDS = 0.15;

    @TempDir
    static Path media;

    /** The production settings; used for the landscape render. */
    private static FfmpegRenderEngine engine;
    /** The same engine with the ultrafast preset, to keep the other test renders quick on a busy machine. */
    private static FfmpegRenderEngine fastEngine;
    private static MediaProbe probe;
    private static Path landscapeJpeg;
    private static Path portraitPng;
    private static Path squareJpeg;
    private static Path redSquare;
    private static Path red;
    private static Path blue;
    private static Path tone;
    private static Path longTone;
    private static Path animatedGif;

    @TempDir
    Path out;

    @BeforeAll
    static void setUp() {
        Ffmpeg ffmpeg = FfmpegLocator.locate();
        engine = new FfmpegRenderEngine(ffmpeg, RenderSettings.defaults());
        fastEngine = new FfmpegRenderEngine(ffmpeg, RenderSettings.defaults().withPreset("ultrafast"));
        probe = new MediaProbe(ffmpeg);
        landscapeJpeg = TestMedia.solidJpeg(media, "landscape.jpg", 640, 360, new Color(30, 160, 60));
        portraitPng = TestMedia.solidPng(media, "portrait.png", 300, 500, new Color(200, 120, 20));
        squareJpeg = TestMedia.solidJpeg(media, "square.jpg", 400, 400, new Color(40, 40, 40));
        redSquare = TestMedia.solidPng(media, "red-square.png", 400, 400, Color.RED);
        red = TestMedia.solidPng(media, "red.png", 320, 180, Color.RED);
        blue = TestMedia.solidJpeg(media, "blue.jpg", 320, 180, Color.BLUE);
        tone = TestMedia.toneWav(media, "tone.wav", 2.0, 440);
        longTone = TestMedia.toneWav(media, "long-tone.wav", 6.0, 330);
        animatedGif = media.resolve("animated.gif");
        ProcessRunner.Result gif = ProcessRunner.run(List.of(ffmpeg.executable().toString(), "-v", "error",
                "-f", "lavfi", "-i", "testsrc2=s=320x240:d=1", "-r", "10", animatedGif.toString()),
                java.time.Duration.ofSeconds(30));
        assertTrue(gif.succeeded(), gif.stderrTail());
    }

    private static List<Clip> threeMixedImages() {
        return List.of(new Clip(landscapeJpeg, 1.5), new Clip(portraitPng, 1.5), new Clip(squareJpeg, 1.5));
    }

    @Test
    void render_landscapeWithMusic_isH264AacAtExactSizeAndDuration() {
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, threeMixedImages(), 0.5, Fit.LETTERBOX,
                false, tone, null);
        Path video = out.resolve("landscape.mp4");

        engine.render(timeline, video);

        // three images of 1.5 s last 4.5 s (the crossfades straddle the boundaries); the 2 s tone is looped to
        // cover them, and faded in and out
        assertVideo(probe.probe(video, true), 1920, 1080, 4.5);
        double start = audioRms(video, 0.0, 0.1);
        double middle = audioRms(video, 2.1, 2.4);
        double end = audioRms(video, 4.4, 4.5);
        assertTrue(middle > 1000, "music audible mid-video, rms " + middle);
        assertTrue(start < middle * 0.3, "fade in: start rms " + start + " vs middle " + middle);
        assertTrue(end < middle * 0.3, "fade out: end rms " + end + " vs middle " + middle);
    }

    @Test
    void render_portraitWithoutMusic_hasSilentAacTrackAndBlurredFillAndPanAndTitle() {
        VideoTimeline timeline = new VideoTimeline(1080, 1920, FPS, threeMixedImages(), 0.5, Fit.BLURRED_FILL,
                true, null, "Summer 2026: \"Lake\" 100% fun, isn't it?");
        Path video = out.resolve("portrait.mp4");

        fastEngine.render(timeline, video);

        assertVideo(probe.probe(video, true), 1080, 1920, 4.5);
    }

    @Test
    void render_squareWithAnimatedGifTitleAndLongMusic_isExactSquareWithMusicTrimmed() {
        List<Clip> clips = List.of(new Clip(landscapeJpeg, 1.5), new Clip(animatedGif, 1.5), new Clip(squareJpeg, 1.5));
        VideoTimeline timeline = new VideoTimeline(1080, 1080, FPS, clips, 0.5, Fit.LETTERBOX,
                false, longTone, "Photoreel");
        Path video = out.resolve("square.mp4");

        fastEngine.render(timeline, video);

        assertVideo(probe.probe(video, true), 1080, 1080, 4.5);
    }

    @Test
    void render_letterbox_keepsSquareImageSquareWithBlackSides() {
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, List.of(new Clip(redSquare, 1.0)), 0,
                Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("letterbox.mp4");

        fastEngine.render(timeline, video);

        RgbFrame frame = probe.frameAt(video, 0.5);
        assertRed(frame.average(960, 540, 4));
        // the square is scaled to 1080x1080, so it spans x 420..1500: just inside is red, just outside is black
        assertRed(frame.average(440, 540, 4));
        assertRed(frame.average(1480, 540, 4));
        assertBlack(frame.average(400, 540, 4));
        assertBlack(frame.average(100, 540, 4));
        assertBlack(frame.average(1820, 900, 4));
    }

    @Test
    void render_withMusic_normalisesItsLoudnessToTheTarget() {
        Path loud = TestMedia.toneWav(out, "loud.wav", 8.0, 440);
        VideoTimeline timeline = new VideoTimeline(640, 360, FPS, List.of(new Clip(red, 4.0), new Clip(blue, 4.0)), 0,
                Fit.LETTERBOX, false, loud, null);
        Path video = out.resolve("loudness.mp4");

        fastEngine.render(timeline, video);

        // integrated loudness of the middle (the fades at either end are meant to be quieter)
        ProcessRunner.Result scan = ProcessRunner.run(List.of(engine.ffmpeg().executable().toString(), "-hide_banner",
                "-nostats", "-ss", "2", "-t", "4", "-i", video.toString(), "-vn", "-af", "ebur128", "-f", "null", "-"),
                java.time.Duration.ofSeconds(60));
        assertTrue(scan.succeeded(), scan.stderrTail());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("I:\\s+(-?[0-9.]+) LUFS").matcher(scan.stderr());
        double integrated = Double.NaN;
        while (m.find()) {
            integrated = Double.parseDouble(m.group(1));
        }
        assertEquals(FilterGraphBuilder.TARGET_LUFS, integrated, 1.0, "integrated loudness in LUFS");
    }

    @Test
    void render_blurredFill_fillsSidesWithBlurredCopyOfImage() {
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, List.of(new Clip(redSquare, 1.0)), 0,
                Fit.BLURRED_FILL, false, null, null);
        Path video = out.resolve("blurred.mp4");

        fastEngine.render(timeline, video);

        RgbFrame frame = probe.frameAt(video, 0.5);
        assertRed(frame.average(960, 540, 4));
        // the sides show the image again, blurred and dimmed: still red, darker, not black
        for (double[] side : List.of(frame.average(100, 540, 4), frame.average(1820, 100, 4))) {
            assertTrue(side[0] > 120 && side[0] < 230 && side[1] < 40 && side[2] < 40,
                    "expected dimmed red, got " + Arrays.toString(side));
        }
    }

    @Test
    void render_jpegWithExifOrientation_isShownUpright() {
        // stored landscape, red left and blue right; orientation 6 turns it clockwise: red on top, blue below
        Path photo = TestMedia.splitJpeg(out, "phone.jpg", 640, 360, Color.RED, Color.BLUE);
        TestMedia.addExifOrientation(photo, 6, java.nio.ByteOrder.LITTLE_ENDIAN);
        VideoTimeline timeline = new VideoTimeline(1080, 1080, FPS, List.of(new Clip(photo, 1.0)), 0,
                Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("upright.mp4");

        fastEngine.render(timeline, video);

        assertVideoSize(video, 1080, 1080);
        RgbFrame frame = probe.frameAt(video, 0.5);
        assertRed(frame.average(540, 200, 4));
        double[] bottom = frame.average(540, 880, 4);
        assertTrue(bottom[2] > 230 && bottom[0] < 25, "expected blue below, got " + Arrays.toString(bottom));
        assertBlack(frame.average(100, 540, 4));
    }

    @Test
    void render_imageNameWithPatternCharacters_isReadAsOneFile() throws IOException {
        Path odd = Files.copy(red, out.resolve("100%_sun [1] *?.png"));
        VideoTimeline timeline = new VideoTimeline(1080, 1080, FPS, List.of(new Clip(odd, 0.5)), 0,
                Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("odd name, 50%.mp4");

        fastEngine.render(timeline, video);

        assertRed(probe.frameAt(video, 0.2).average(540, 540, 4));
    }

    @Test
    void render_jpegFullRange_isConvertedToTvRangeWithoutShiftingLevels() {
        VideoTimeline timeline = new VideoTimeline(1080, 1080, FPS, List.of(new Clip(squareJpeg, 1.0)), 0,
                Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("range.mp4");

        fastEngine.render(timeline, video);

        // a full-range JPEG grey of 40 read as TV range would come out near 28; converted it stays near 40
        double[] grey = probe.frameAt(video, 0.5).average(540, 540, 4);
        for (double channel : grey) {
            assertEquals(40, channel, 5, "grey level " + Arrays.toString(grey));
        }
    }

    @Test
    void render_crossfade_blendsNeighboursOnlyDuringTransition() {
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS,
                List.of(new Clip(red, 1.5), new Clip(blue, 1.5)), 0.5, Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("crossfade.mp4");

        fastEngine.render(timeline, video);

        // each image owns 1.5 s and the fade straddles the boundary: it runs from 1.25 s to 1.75 s
        assertEquals(3.0, probe.probe(video).durationSeconds(), TOLERANCE_SECONDS);
        assertRed(probe.frameAt(video, 0.5).average(960, 540, 4));
        assertRed(probe.frameAt(video, 1.15).average(960, 540, 4));
        double[] blend = probe.frameAt(video, 1.5).average(960, 540, 4);
        assertTrue(blend[0] > 40 && blend[0] < 215, "red share mid-fade " + Arrays.toString(blend));
        assertTrue(blend[2] > 40 && blend[2] < 215, "blue share mid-fade " + Arrays.toString(blend));
        double[] inBlue = probe.frameAt(video, 2.5).average(960, 540, 4);
        assertTrue(inBlue[2] > 230 && inBlue[0] < 20 && inBlue[1] < 20, "pure blue " + Arrays.toString(inBlue));
    }

    @Test
    void render_fiveImagesOfTwoSecondsWithCrossfades_lastsTenSecondsWithinOneFrame() {
        List<Clip> five = List.of(new Clip(red, 2), new Clip(blue, 2), new Clip(landscapeJpeg, 2),
                new Clip(portraitPng, 2), new Clip(squareJpeg, 2));
        VideoTimeline timeline = new VideoTimeline(640, 360, FPS, five, 0.5, Fit.LETTERBOX, false, tone, null);
        Path video = out.resolve("five.mp4");

        fastEngine.render(timeline, video);

        MediaInfo info = probe.probe(video, true);
        assertEquals(10.0, info.durationSeconds(), 1.0 / FPS, "5 images x 2 s");
        assertEquals(10 * FPS, info.frameCount(), 1);
        assertEquals(10.0, info.audioDurationSeconds(), 1.0 / FPS + 0.03, "the music covers the whole video");
        // each image is alone on screen in the middle of its slot: the third (green) from 4 s to 6 s
        assertRed(probe.frameAt(video, 1.0).average(320, 180, 4));
        double[] third = probe.frameAt(video, 5.0).average(320, 180, 4);
        assertTrue(third[1] > 120 && third[0] < 60 && third[2] < 90, "green third image " + Arrays.toString(third));
    }

    @Test
    void render_threeImagesOfThreeSeconds_lastsNineSeconds() {
        List<Clip> three = List.of(new Clip(red, 3), new Clip(blue, 3), new Clip(red, 3));
        VideoTimeline timeline = new VideoTimeline(320, 180, FPS, three, 1.0, Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("three.mp4");

        fastEngine.render(timeline, video);

        MediaInfo info = probe.probe(video, true);
        assertEquals(9.0, info.durationSeconds(), 1.0 / FPS);
        assertEquals(9 * FPS, info.frameCount(), 1);
    }

    @Test
    void render_withTitle_drawsWhiteTextOverTheMiddleOfTheStart() {
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, List.of(new Clip(blue, 2.0)), 0,
                Fit.LETTERBOX, false, null, "Hello photoreel");
        Path video = out.resolve("title.mp4");

        fastEngine.render(timeline, video);

        assertTrue(whitePixelsInMiddleBand(probe.frameAt(video, 1.0)) > 500, "title text expected mid-frame");
    }

    @Test
    void render_withTitleWhenFfmpegHasNoDrawtext_overlaysJavaDrawnTitle() {
        FfmpegRenderEngine noDrawtext = new FfmpegRenderEngine(FfmpegLocator.locate(),
                RenderSettings.defaults().withPreset("ultrafast"),
                new FfmpegRenderEngine.TitleSupport(false, null, "test: pretend there is no drawtext"));
        VideoTimeline timeline = new VideoTimeline(1080, 1920, FPS, List.of(new Clip(blue, 2.0)), 0,
                Fit.LETTERBOX, false, tone, "Hello photoreel");
        Path video = out.resolve("title-image.mp4");

        noDrawtext.render(timeline, video);

        assertVideo(probe.probe(video, true), 1080, 1920, 2.0);
        assertTrue(whitePixelsInMiddleBand(probe.frameAt(video, 1.0)) > 500, "title text expected mid-frame");
        assertEquals(0, whitePixelsInMiddleBand(probe.frameAt(video, 1.95)), "title faded out at the end");
    }

    @Test
    void render_whenFfmpegExceedsTimeout_killsItAndLeavesNoFile() throws IOException {
        FfmpegRenderEngine impatient = new FfmpegRenderEngine(FfmpegLocator.locate(),
                RenderSettings.defaults().withTimeout(java.time.Duration.ofMillis(300)));
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, List.of(new Clip(red, 60), new Clip(blue, 60)),
                1, Fit.BLURRED_FILL, true, null, null);
        Path video = out.resolve("slow.mp4");

        RenderException error = assertThrows(RenderException.class, () -> impatient.render(timeline, video));

        assertTrue(error.getMessage().contains("did not finish within"), error.getMessage());
        assertFalse(Files.exists(video));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.toList(), "no partial files left behind");
        }
    }

    @Test
    void render_whenImageIsCorrupt_throwsWithFfmpegStderrAndLeavesNoFile() throws IOException {
        Path corrupt = out.resolve("corrupt.jpg");
        byte[] garbage = TestMedia.bytes(2048, 7);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        Files.write(corrupt, garbage);
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS,
                List.of(new Clip(red, 1.0), new Clip(corrupt, 1.0)), 0.5, Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("broken.mp4");

        RenderException error = assertThrows(RenderException.class, () -> fastEngine.render(timeline, video));

        assertTrue(error.getMessage().contains("ffmpeg said:"), error.getMessage());
        String stderr = error.getMessage().substring(error.getMessage().indexOf("ffmpeg said:") + 12).trim();
        assertFalse(stderr.isEmpty(), "stderr tail missing from: " + error.getMessage());
        assertFalse(Files.exists(video), "no output file after a failed render");
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(corrupt), left.toList(), "no partial files left behind");
        }
    }

    @Test
    void render_whenImageIsMissing_throwsNamingTheFile() {
        Path missing = out.resolve("missing.jpg");
        VideoTimeline timeline = new VideoTimeline(1920, 1080, FPS, List.of(new Clip(missing, 1.0)), 0,
                Fit.LETTERBOX, false, null, null);
        Path video = out.resolve("never.mp4");

        RenderException error = assertThrows(RenderException.class, () -> fastEngine.render(timeline, video));

        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertFalse(Files.exists(video));
    }

    private static void assertVideo(MediaInfo info, int width, int height, double seconds) {
        assertEquals("h264", info.videoCodec());
        assertEquals("aac", info.audioCodec());
        assertEquals(2, info.audioChannels());
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        assertEquals(FPS, info.fps(), 0.01);
        assertTrue(info.formatName().contains("mp4"), info.formatName());
        assertEquals(seconds, info.durationSeconds(), TOLERANCE_SECONDS);
        assertEquals(seconds * FPS, info.frameCount(), 2);
        assertEquals(seconds, info.audioDurationSeconds(), TOLERANCE_SECONDS, "audio lasts as long as the video");
    }

    /** Root mean square of the mono 8 kHz samples between {@code from} and {@code to} seconds. */
    private static double audioRms(Path video, double from, double to) {
        ProcessRunner.Result result = ProcessRunner.run(List.of(FfmpegLocator.locate().executable().toString(),
                "-v", "error", "-i", video.toString(), "-vn", "-ac", "1", "-ar", "8000", "-f", "s16le", "-"),
                java.time.Duration.ofSeconds(30));
        assertTrue(result.succeeded(), result.stderrTail());
        java.nio.ShortBuffer samples = java.nio.ByteBuffer.wrap(result.stdout())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int first = (int) (from * 8000);
        int last = Math.min(samples.limit(), (int) (to * 8000));
        assertTrue(last > first, "no audio between " + from + " and " + to + " s");
        double sum = 0;
        for (int i = first; i < last; i++) {
            sum += (double) samples.get(i) * samples.get(i);
        }
        return Math.sqrt(sum / (last - first));
    }

    /** The stored size, and no display matrix that would make players turn the picture again. */
    private static void assertVideoSize(Path video, int width, int height) {
        MediaInfo info = probe.probe(video);
        assertEquals(width, info.width());
        assertEquals(height, info.height());
        ProcessRunner.Result described = ProcessRunner.run(List.of(FfmpegLocator.locate().executable().toString(),
                "-hide_banner", "-nostdin", "-i", video.toString()), java.time.Duration.ofSeconds(30));
        assertTrue(described.stderr().contains("Video: h264"), described.stderr());
        assertFalse(described.stderr().contains("displaymatrix") || described.stderr().contains("rotate"),
                "no rotation metadata expected: " + described.stderr());
    }

    private static int whitePixelsInMiddleBand(RgbFrame frame) {
        int white = 0;
        for (int y = frame.height() * 2 / 5; y < frame.height() * 3 / 5; y += 2) {
            for (int x = 0; x < frame.width(); x += 2) {
                int[] p = frame.pixel(x, y);
                if (p[0] > 200 && p[1] > 200 && p[2] > 200) {
                    white++;
                }
            }
        }
        return white;
    }

    private static void assertRed(double[] rgb) {
        assertTrue(rgb[0] > 230 && rgb[1] < 25 && rgb[2] < 25, "expected red, got " + Arrays.toString(rgb));
    }

    private static void assertBlack(double[] rgb) {
        assertTrue(rgb[0] < 20 && rgb[1] < 20 && rgb[2] < 20, "expected black, got " + Arrays.toString(rgb));
    }
}
