package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.render.VideoTimeline.Clip;
import dev.photoreel.render.VideoTimeline.Fit;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FilterGraphBuilderTest {

    private static final Path OUT = Path.of("/tmp/out.mp4");
    private final FilterGraphBuilder builder = new FilterGraphBuilder(RenderSettings.defaults());

    private static List<Clip> clips(double... seconds) {
        List<Clip> clips = new java.util.ArrayList<>();
        for (int i = 0; i < seconds.length; i++) {
            clips.add(new Clip(Path.of("/photos/img" + i + ".jpg"), seconds[i]));
        }
        return clips;
    }

    private static VideoTimeline timeline(List<Clip> clips, double transition, Fit fit, Path music, String title) {
        return new VideoTimeline(1920, 1080, 30, clips, transition, fit, false, music, title);
    }

    @Test
    void build_videoChainEndsInYuv420pAndEveryImageIsRangeConverted() {
        FfmpegCommand command = builder.build(timeline(clips(2, 3, 2.5), 0.5, Fit.LETTERBOX, null, null), OUT, null);

        String graph = command.filterComplex();
        String videoChain = graph.lines().filter(line -> line.contains("[v]")).findFirst().orElseThrow();
        assertTrue(videoChain.endsWith("format=yuv420p[v];"), videoChain);
        assertEquals(3, count(graph, "in_range=full:out_range=tv"));
        assertEquals(3, count(graph, "force_original_aspect_ratio=decrease"));
        assertEquals(3, count(graph, "setsar=1"));
        assertTrue(graph.contains("pad=1920:1080:(ow-iw)/2:(oh-ih)/2:color=black"), graph);
    }

    @Test
    void build_xfadesStraddleTheBoundariesSoTheVideoLastsTheSumOfTheImages() {
        FfmpegCommand command = builder.build(timeline(clips(2, 3, 2.5), 0.4, Fit.LETTERBOX, null, null), OUT, null);

        String graph = command.filterComplex();
        // boundaries at 2 s and 5 s; each 0.4 s fade starts 0.2 s before its boundary
        assertTrue(graph.contains("[v0][v1]xfade=transition=fade:duration=0.4:offset=1.8[x1]"), graph);
        assertTrue(graph.contains("[x1][v2]xfade=transition=fade:duration=0.4:offset=4.8[x2]"), graph);
        assertEquals(7.5, command.plan().durationSeconds(), 1e-9);
        assertEquals(225, command.plan().totalFrames());
        assertEquals(List.of(66, 102, 81), command.plan().clipFrames(), "slot + the fade halves on each side");
        assertTrue(graph.contains("loop=loop=65:size=1:start=0"), "2 s + 0.2 s at 30 fps is 66 frames: " + graph);
        assertArg(command.args(), "-t", "7.5");
    }

    @Test
    void plan_fiveImagesOfTwoSeconds_lastsTenSecondsWithAnyTransition() {
        for (double transition : new double[] {0, 0.25, 0.5, 0.7, 1.0, 3.0}) {
            TimelinePlan plan = TimelinePlan.of(timeline(clips(2, 2, 2, 2, 2), transition, Fit.LETTERBOX, null, null));

            assertEquals(300, plan.totalFrames(), "transition " + transition);
            assertEquals(10.0, plan.durationSeconds(), 1e-9, "transition " + transition);
            long rendered = plan.clipFrames().stream().mapToLong(Integer::longValue).sum();
            assertEquals(300 + 4L * plan.transitionFrames(), rendered, "transition " + transition);
        }
    }

    @Test
    void plan_slotBoundariesAreRoundedFromTheRunningTotal() {
        TimelinePlan plan = TimelinePlan.of(timeline(clips(1.01, 1.01, 1.01), 0, Fit.LETTERBOX, null, null));

        assertEquals(List.of(30L, 61L, 91L), plan.slotEndFrames());
        assertEquals(91, plan.totalFrames(), "3.03 s at 30 fps, not 3 x 30 frames");
    }

    @Test
    void build_encodesH264AacMp4WithKeyframeIntervalAndFaststart() {
        List<String> args = builder.build(timeline(clips(1.5), 0, Fit.LETTERBOX, null, null), OUT, null).args();

        assertArg(args, "-c:v", "libx264");
        assertArg(args, "-preset", "veryfast");
        assertArg(args, "-pix_fmt", "yuv420p");
        assertArg(args, "-g", "60");
        assertArg(args, "-c:a", "aac");
        assertArg(args, "-movflags", "+faststart");
        assertArg(args, "-f", "mp4");
        assertArg(args, "-color_range", "tv");
        assertEquals(OUT.toString(), args.get(args.size() - 1));
    }

    @Test
    void build_eachImageIsReadOnceAtTheVideoFrameRate() {
        List<String> args = builder.build(timeline(clips(1, 1), 0.25, Fit.LETTERBOX, null, null), OUT, null).args();

        assertEquals(List.of("-noautorotate", "-i", "/photos/img0.jpg", "-noautorotate", "-i", "/photos/img1.jpg"),
                args.subList(5, 11));
        assertFalse(args.contains("-framerate"), "the GIF reader rejects -framerate: " + args);
    }

    @Test
    void build_withExifOrientation_turnsImageUprightBeforeFitting() {
        String graph = builder.build(timeline(clips(1, 1), 0.25, Fit.LETTERBOX, null, null), OUT, null,
                List.of(6, 1)).filterComplex();

        assertTrue(graph.contains("[0:v]trim=end_frame=1,sidedata=mode=delete:type=DISPLAYMATRIX,transpose=clock,"
                + "scale=1920:1080:"), graph);
        assertTrue(graph.contains("[1:v]trim=end_frame=1,sidedata=mode=delete:type=DISPLAYMATRIX,scale=1920:1080:"), graph);
    }

    @Test
    void build_withoutMusic_addsSilentStereoTrackOfVideoLength() {
        String graph = builder.build(timeline(clips(1.5, 1.5), 0.5, Fit.LETTERBOX, null, null), OUT, null)
                .filterComplex();

        assertTrue(graph.contains("anullsrc=r=48000:cl=stereo,atrim=duration=3[a]"), graph);
    }

    @Test
    void build_withMusic_loopsTrimsAndFadesItInAndOut() {
        Path music = Path.of("/music/song.mp3");
        FfmpegCommand command = builder.build(timeline(clips(4, 4), 1, Fit.LETTERBOX, music, null), OUT, null);

        String graph = command.filterComplex();
        assertTrue(graph.contains("[2:a]atrim=duration=8,asetpts=PTS-STARTPTS"), graph);
        assertTrue(graph.contains("afade=t=in:st=0:d=1.5"), graph);
        assertTrue(graph.contains("afade=t=out:st=6.5:d=1.5[a]"), graph);
        int musicInput = command.args().indexOf(music.toString());
        assertEquals(List.of("-stream_loop", "-1", "-i"), command.args().subList(musicInput - 3, musicInput));
        assertFalse(graph.contains("anullsrc"));
    }

    @Test
    void build_blurredFill_overlaysFittedImageOnBlurredCover() {
        String graph = builder.build(timeline(clips(1), 0, Fit.BLURRED_FILL, null, null), OUT, null)
                .filterComplex();

        assertTrue(graph.contains("split=2[fg0][bg0]"), graph);
        assertTrue(graph.contains("force_original_aspect_ratio=increase"), graph);
        assertTrue(graph.contains("boxblur="), graph);
        assertTrue(graph.contains("[bgb0][fg0]overlay=x=(W-w)/2:y=(H-h)/2"), graph);
        assertFalse(graph.contains("pad="), graph);
    }

    @Test
    void build_panZoom_cropsOutputSizeFromLargerCanvas() {
        VideoTimeline timeline = new VideoTimeline(1080, 1920, 30, clips(2, 2), 0.4, Fit.LETTERBOX, true, null, null);

        String graph = builder.build(timeline, OUT, null).filterComplex();

        // each image's stream lasts its 2 s slot plus half the 0.4 s crossfade: 2.2 s
        assertTrue(graph.contains("scale=1166:2074:"), graph);
        assertTrue(graph.contains("crop=1080:1920:x=(iw-ow)*t/2.2:y=(ih-oh)*t/2.2"), graph);
        assertTrue(graph.contains("crop=1080:1920:x=(iw-ow)*(1-t/2.2)"), graph);
    }

    @Test
    void build_hardCuts_concatenateInsteadOfXfade() {
        FfmpegCommand command = builder.build(timeline(clips(1, 1, 1), 0, Fit.LETTERBOX, null, null), OUT, null);

        assertTrue(command.filterComplex().contains("[v0][v1][v2]concat=n=3:v=1:a=0[joined]"));
        assertFalse(command.filterComplex().contains("xfade"));
        assertEquals(3.0, command.plan().durationSeconds(), 1e-9);
    }

    @Test
    void build_transitionLongerThanHalfTheShortestClip_isClamped() {
        TimelinePlan plan = TimelinePlan.of(timeline(clips(3, 1, 3), 2, Fit.LETTERBOX, null, null));

        // half the 1 s image: 0.5 s, centred on the boundaries at 3 s and 4 s
        assertEquals(15, plan.transitionFrames());
        assertEquals(List.of(83 / 30.0, 113 / 30.0), plan.offsetsSeconds());
        assertEquals(7.0, plan.durationSeconds(), 1e-9);
    }

    @Test
    void build_withTitle_drawsTextFromFileWithFadeOnlyAtStart() {
        TitleOverlay title = new TitleOverlay(Path.of("/tmp/work/title.txt"),
                Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"));

        String graph = builder.build(timeline(clips(3, 3), 0.5, Fit.LETTERBOX, null, "Hello"), OUT, title)
                .filterComplex();

        String videoChain = graph.lines().filter(line -> line.contains("[v]")).findFirst().orElseThrow();
        assertTrue(videoChain.startsWith("[x1]drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
                + ":textfile=/tmp/work/title.txt:expansion=none"), videoChain);
        assertTrue(videoChain.contains(":enable='lt(t,4)'"), videoChain);
        assertTrue(videoChain.endsWith(",format=yuv420p[v];"), videoChain);
    }

    @Test
    void build_withTitleImage_overlaysFadedPngInputAfterMusic() {
        Path music = Path.of("/music/song.mp3");
        FfmpegCommand command = builder.build(timeline(clips(3, 3), 0.5, Fit.LETTERBOX, music, "Hello"), OUT,
                TitleOverlay.image(Path.of("/tmp/work/title.png")));

        String graph = command.filterComplex();
        List<String> args = command.args();
        assertEquals(args.indexOf(music.toString()) + 2, args.indexOf("/tmp/work/title.png"));
        assertTrue(graph.contains("[3:v]scale=out_range=tv:out_color_matrix=bt709,format=yuva420p,"
                + "loop=loop=119:size=1:start=0"), graph);
        assertTrue(graph.contains("fade=t=in:st=0:d=0.6:alpha=1,fade=t=out:st=3.4:d=0.6:alpha=1[title]"), graph);
        assertTrue(graph.contains("[x1][title]overlay=x=0:y=0:eof_action=pass:format=yuv420,format=yuv420p[v]"),
                graph);
        assertFalse(graph.contains("drawtext"), graph);
    }

    @Test
    void titleOverlay_needsExactlyOneOfTextAndImage() {
        assertThrows(IllegalArgumentException.class, () -> new TitleOverlay(null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new TitleOverlay(Path.of("/t.txt"), null, Path.of("/t.png")));
    }

    @Test
    void build_withTitleButNoOverlay_drawsNothing() {
        String graph = builder.build(timeline(clips(3), 0, Fit.LETTERBOX, null, "Hello"), OUT, null).filterComplex();

        assertFalse(graph.contains("drawtext"), graph);
        assertTrue(graph.contains("[v0]format=yuv420p[v]"), graph);
    }

    @Test
    void build_withoutFontFile_usesFontconfigSans() {
        String graph = builder.build(timeline(clips(3), 0, Fit.LETTERBOX, null, "Hello"), OUT,
                new TitleOverlay(Path.of("/tmp/t.txt"), null)).filterComplex();

        assertTrue(graph.contains("drawtext=font=Sans:textfile=/tmp/t.txt"), graph);
    }

    @Test
    void wrapTitle_breaksLongTitleIntoLinesThatFitTheWidth() {
        String title = "Summer 2026: \"Lake\" 100% fun, isn't it? Supercalifragilisticexpialidocious";

        String square = FilterGraphBuilder.wrapTitle(title, 1080, 1080);
        String wide = FilterGraphBuilder.wrapTitle(title, 1920, 1080);

        assertEquals(title.replace(" ", ""), square.replace("\n", "").replace(" ", ""));
        assertTrue(square.lines().count() >= 3, square);
        assertTrue(square.lines().allMatch(line -> line.length() <= 20), square);
        assertTrue(wide.lines().count() < square.lines().count(), wide);
        assertEquals("Short", FilterGraphBuilder.wrapTitle("  Short ", 1080, 1920));
    }

    @Test
    void escapeValue_escapesForOptionThenGraphParser() {
        assertEquals("/plain/path.ttf", FilterGraphBuilder.escapeValue("/plain/path.ttf"));
        assertEquals("C\\\\:/a\\,b", FilterGraphBuilder.escapeValue("C:/a,b"));
        assertEquals("it\\\\\\'s", FilterGraphBuilder.escapeValue("it's"));
        assertEquals("\\[x\\]\\;", FilterGraphBuilder.escapeValue("[x];"));
    }

    @Test
    void plan_whenClipHasNoDuration_failsNamingTheImage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TimelinePlan.of(timeline(clips(1, 0), 0, Fit.LETTERBOX, null, null)));

        assertTrue(error.getMessage().contains("/photos/img1.jpg"), error.getMessage());
    }

    private static int count(String text, String needle) {
        Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static void assertArg(List<String> args, String option, String value) {
        int at = args.indexOf(option);
        assertTrue(at >= 0 && at + 1 < args.size(), option + " missing from " + args);
        assertEquals(value, args.get(at + 1), option);
    }
}
