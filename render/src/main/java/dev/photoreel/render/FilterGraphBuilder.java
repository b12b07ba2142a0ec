package dev.photoreel.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the ffmpeg arguments and filter graph for a {@link VideoTimeline}. Pure: it touches no files, so
 * the graph is unit-testable.
 *
 * <p>Each image is read once (one frame; the first of an animated GIF), fitted onto the canvas (letterbox or blurred fill, never stretched),
 * converted from full range (JPEG/PNG) to TV range BT.709 yuv420p, and only then repeated with {@code loop} for
 * its number of frames, so the per-image work is done once rather than per frame. Neighbours are joined with
 * {@code xfade=transition=fade}; the optional pan crops a moving window out of a slightly larger canvas. The
 * graph ends in {@code format=yuv420p}. There is always an audio stream: the music trimmed to the video with
 * a fade in and out, or {@code anullsrc} silence.
 */
public final class FilterGraphBuilder {

    /** How much larger than the output the canvas is when panning (the pan travels the difference). */
    static final double PAN_MARGIN = 1.08;
    static final int AUDIO_SAMPLE_RATE = 48_000;
    static final double MAX_AUDIO_FADE_SECONDS = 1.5;
    static final double MAX_TITLE_SECONDS = 4.0;
    static final double TITLE_FADE_SECONDS = 0.6;
    /** Dims the blurred background to 70% (TV-range luma, centred chroma), so the fitted image stands out. */
    static final String DIM = "lutyuv=y=16+(val-16)*0.7:u=128+(val-128)*0.7:v=128+(val-128)*0.7";

    /**
     * The music is loudness-normalised (EBU R128) to {@value #TARGET_LUFS} LUFS integrated, true peak at most -1.5 dBTP,
     * in loudnorm's single pass (its output is resampled back to the encoder's rate by {@code aformat}).
     */
    public static final int TARGET_LUFS = -16;
    static final String LOUDNORM = "loudnorm=I=" + TARGET_LUFS + ":TP=-1.5:LRA=11";

    /** Every filter the graphs use ({@code drawtext} is optional: without it titles are drawn in Java). */
    public static final List<String> REQUIRED_FILTERS = List.of(
            "trim", "sidedata", "hflip", "vflip", "transpose", "scale", "format", "setsar", "pad", "loop", "setpts",
            "fps", "crop", "split", "boxblur", "lutyuv", "overlay", "concat", "xfade", "fade",
            "anullsrc", "atrim", "asetpts", "aformat", "afade", "loudnorm");

    private final RenderSettings settings;

    public FilterGraphBuilder(RenderSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The ffmpeg arguments that render {@code timeline} into {@code output} (an MP4, whatever its extension).
     *
     * @param title how to draw the title, or null for no title (also when the timeline has one but no font works)
     */
    public FfmpegCommand build(VideoTimeline timeline, Path output, TitleOverlay title) {
        return build(timeline, output, title, Collections.nCopies(timeline.clips().size(), ExifOrientation.NORMAL));
    }

    /**
     * As {@link #build(VideoTimeline, Path, TitleOverlay)}, turning each image upright first.
     *
     * @param orientations the EXIF orientation (1-8) of each image, in clip order; ffmpeg's own autorotation is off
     */
    public FfmpegCommand build(VideoTimeline timeline, Path output, TitleOverlay title, List<Integer> orientations) {
        if (orientations.size() != timeline.clips().size()) {
            throw new IllegalArgumentException("one orientation per image: " + orientations.size() + " for "
                    + timeline.clips().size() + " images");
        }
        TimelinePlan plan = TimelinePlan.of(timeline);
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-v", "error", "-y"));
        for (VideoTimeline.Clip clip : timeline.clips()) {
            // no -framerate: the GIF reader rejects it; the graph sets the rate with fps= after loop
            args.addAll(List.of("-noautorotate", "-i", clip.image().toString()));
        }
        if (timeline.music() != null) {
            args.addAll(List.of("-stream_loop", "-1", "-i", timeline.music().toString()));
        }
        if (hasTitle(timeline, title) && title.isImage()) {
            args.addAll(List.of("-i", title.imageFile().toString()));
        }
        String graph = filterGraph(timeline, plan, title, orientations);
        args.addAll(List.of("-filter_complex", graph, "-map", "[v]", "-map", "[a]"));
        args.addAll(videoEncoding(timeline));
        args.addAll(List.of(
                "-c:a", "aac", "-b:a", settings.audioBitrateKbps() + "k",
                "-ar", Integer.toString(AUDIO_SAMPLE_RATE), "-ac", "2",
                "-t", seconds(plan.durationSeconds()),
                "-movflags", "+faststart", "-f", "mp4", output.toString()));
        return new FfmpegCommand(args, graph, plan);
    }

    /** The {@code -filter_complex} graph alone; outputs are labelled {@code [v]} and {@code [a]}. */
    public String filterGraph(VideoTimeline timeline, TimelinePlan plan, TitleOverlay title,
                              List<Integer> orientations) {
        List<String> chains = new ArrayList<>();
        int n = timeline.clips().size();
        for (int i = 0; i < n; i++) {
            chains.addAll(clipChains(timeline, plan, i, ExifOrientation.filters(orientations.get(i))));
        }
        String joined = joinClips(chains, plan, n, timeline.transition());
        StringBuilder last = new StringBuilder("[").append(joined).append("]");
        if (hasTitle(timeline, title) && title.isImage()) {
            chains.add(titleImageChain(timeline, plan));
            last.append("[title]overlay=x=0:y=0:eof_action=pass:format=yuv420,");
        } else if (hasTitle(timeline, title)) {
            last.append(drawtext(timeline, plan, title)).append(',');
        }
        last.append("format=yuv420p[v]");
        chains.add(last.toString());
        chains.add(audioChain(timeline, plan));
        return String.join(";\n", chains);
    }

    private List<String> clipChains(VideoTimeline timeline, TimelinePlan plan, int i, String upright) {
        int width = timeline.width();
        int height = timeline.height();
        int canvasW = timeline.panZoom() ? even(width * PAN_MARGIN) : width;
        int canvasH = timeline.panZoom() ? even(height * PAN_MARGIN) : height;
        // ffmpeg 7 carries the JPEG's EXIF rotation into the MP4 as a display matrix: drop it, the pixels are upright
        // only the first frame of an animated GIF is used
        String fit = "trim=end_frame=1,sidedata=mode=delete:type=DISPLAYMATRIX,"
                + (upright.isEmpty() ? "" : upright + ",")
                + "scale=" + canvasW + ":" + canvasH + ":force_original_aspect_ratio=decrease"
                + ":force_divisible_by=2:in_range=full:out_range=tv:out_color_matrix=bt709:flags=bicubic"
                + ",format=yuv420p,setsar=1";
        int frames = plan.clipFrames().get(i);
        String repeat = "loop=loop=" + (frames - 1) + ":size=1:start=0,setpts=N/(" + timeline.fps() + "*TB)"
                + ",fps=" + timeline.fps();
        String pan = timeline.panZoom() ? "," + pan(width, height, plan.clipSeconds(i), i) : "";
        String label = "v" + i;
        List<String> chains = new ArrayList<>();
        if (timeline.fit() == VideoTimeline.Fit.LETTERBOX) {
            chains.add("[" + i + ":v]" + fit + ",pad=" + canvasW + ":" + canvasH + ":(ow-iw)/2:(oh-ih)/2:color=black,"
                    + repeat + pan + "[" + label + "]");
        } else {
            int smallW = even(canvasW / 8.0);
            int smallH = even(canvasH / 8.0);
            chains.add("[" + i + ":v]" + fit + ",split=2[fg" + i + "][bg" + i + "]");
            chains.add("[bg" + i + "]scale=" + smallW + ":" + smallH + ":force_original_aspect_ratio=increase"
                    + ",crop=" + smallW + ":" + smallH + ",boxblur=luma_radius=10:luma_power=2," + DIM
                    + ",scale=" + canvasW + ":" + canvasH + ",setsar=1[bgb" + i + "]");
            chains.add("[bgb" + i + "][fg" + i + "]overlay=x=(W-w)/2:y=(H-h)/2:format=yuv420,setsar=1,"
                    + repeat + pan + "[" + label + "]");
        }
        return chains;
    }

    /** A slow pan across the enlarged canvas: left to right on even clips, right to left on odd ones. */
    private static String pan(int width, int height, double clipSeconds, int index) {
        String progress = "t/" + seconds(clipSeconds);
        String along = index % 2 == 0 ? progress : "(1-" + progress + ")";
        return "crop=" + width + ":" + height + ":x=(iw-ow)*" + along + ":y=(ih-oh)*" + along;
    }

    /** Chains xfade (or concat for hard cuts) over the clip labels; returns the label of the joined video. */
    private static String joinClips(List<String> chains, TimelinePlan plan, int n, VideoTimeline.Transition transition) {
        if (n == 1) {
            return "v0";
        }
        if (plan.transitionFrames() == 0) {
            StringBuilder concat = new StringBuilder();
            for (int i = 0; i < n; i++) {
                concat.append("[v").append(i).append(']');
            }
            chains.add(concat + "concat=n=" + n + ":v=1:a=0[joined]");
            return "joined";
        }
        String previous = "v0";
        for (int k = 1; k < n; k++) {
            String out = "x" + k;
            chains.add("[" + previous + "][v" + k + "]xfade=transition=" + transition.xfade() + ":duration="
                    + seconds(plan.transitionSeconds()) + ":offset=" + seconds(plan.offsetsSeconds().get(k - 1))
                    + "[" + out + "]");
            previous = out;
        }
        return previous;
    }

    private static boolean hasTitle(VideoTimeline timeline, TitleOverlay title) {
        return title != null && timeline.title() != null && !timeline.title().isBlank();
    }

    /** The title PNG (the last input), TV range, repeated for the title's frames and faded in and out. */
    private static String titleImageChain(VideoTimeline timeline, TimelinePlan plan) {
        double shown = Math.min(MAX_TITLE_SECONDS, plan.durationSeconds());
        double fade = Math.min(TITLE_FADE_SECONDS, shown / 4);
        long frames = Math.max(1, Math.round(shown * timeline.fps()));
        int input = timeline.clips().size() + (timeline.music() == null ? 0 : 1);
        return "[" + input + ":v]scale=out_range=tv:out_color_matrix=bt709,format=yuva420p,"
                + "loop=loop=" + (frames - 1) + ":size=1:start=0,setpts=N/(" + timeline.fps() + "*TB),fps="
                + timeline.fps() + ",fade=t=in:st=0:d=" + seconds(fade) + ":alpha=1"
                + ",fade=t=out:st=" + seconds(shown - fade) + ":d=" + seconds(fade) + ":alpha=1[title]";
    }

    private static String drawtext(VideoTimeline timeline, TimelinePlan plan, TitleOverlay title) {
        double shown = Math.min(MAX_TITLE_SECONDS, plan.durationSeconds());
        double fade = Math.min(TITLE_FADE_SECONDS, shown / 4);
        int fontSize = titleFontSize(timeline.width(), timeline.height());
        StringBuilder text = new StringBuilder("drawtext=");
        if (title.fontFile() != null) {
            text.append("fontfile=").append(escapeValue(title.fontFile().toString())).append(':');
        } else {
            text.append("font=Sans:");
        }
        text.append("textfile=").append(escapeValue(title.textFile().toString()))
                .append(":expansion=none:fontcolor=white:fontsize=").append(fontSize)
                .append(":line_spacing=").append(fontSize / 4)
                .append(":borderw=").append(Math.max(2, fontSize / 16)).append(":bordercolor=black@0.7")
                .append(":x=(w-text_w)/2:y=(h-text_h)/2")
                .append(":alpha='if(lt(t,").append(seconds(fade)).append("),t/").append(seconds(fade))
                .append(",if(lt(t,").append(seconds(shown - fade)).append("),1,max(0,(")
                .append(seconds(shown)).append("-t)/").append(seconds(fade)).append(")))'")
                .append(":enable='lt(t,").append(seconds(shown)).append(")'");
        return text.toString();
    }

    static int titleFontSize(int width, int height) {
        return Math.max(16, Math.min(width, height) / 14);
    }

    /**
     * Word-wraps a title so each line fits the video's width at the title font size (drawtext does not wrap).
     * Words longer than a line are split.
     */
    public static String wrapTitle(String title, int width, int height) {
        int maxChars = Math.max(8, (int) (0.9 * width / (titleFontSize(width, height) * 0.62)));
        StringBuilder wrapped = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : title.strip().split("\\s+")) {
            while (word.length() > maxChars) {
                if (line.length() > 0) {
                    wrapped.append(line).append('\n');
                    line.setLength(0);
                }
                wrapped.append(word, 0, maxChars).append('\n');
                word = word.substring(maxChars);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > maxChars) {
                wrapped.append(line).append('\n');
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        return wrapped.append(line).toString();
    }

    private static String audioChain(VideoTimeline timeline, TimelinePlan plan) {
        double duration = plan.durationSeconds();
        if (timeline.music() == null) {
            return "anullsrc=r=" + AUDIO_SAMPLE_RATE + ":cl=stereo,atrim=duration=" + seconds(duration) + "[a]";
        }
        double fade = Math.min(MAX_AUDIO_FADE_SECONDS, duration / 4);
        int musicInput = timeline.clips().size();
        return "[" + musicInput + ":a]atrim=duration=" + seconds(duration) + ",asetpts=PTS-STARTPTS"
                + "," + LOUDNORM
                + ",aformat=sample_fmts=fltp:sample_rates=" + AUDIO_SAMPLE_RATE + ":channel_layouts=stereo"
                + ",afade=t=in:st=0:d=" + seconds(fade)
                + ",afade=t=out:st=" + seconds(duration - fade) + ":d=" + seconds(fade) + "[a]";
    }

    private List<String> videoEncoding(VideoTimeline timeline) {
        int fps = timeline.fps();
        return List.of(
                "-c:v", "libx264", "-preset", settings.x264Preset(), "-crf", Integer.toString(settings.crf()),
                "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-r", Integer.toString(fps), "-g", Integer.toString(2 * fps), "-keyint_min", Integer.toString(fps),
                "-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709");
    }

    /**
     * Escapes a value for a filter option inside a filter graph: first for the option parser
     * ({@code \ ' :}), then for the graph parser ({@code \ ' [ ] , ;}).
     */
    static String escapeValue(String value) {
        String option = value.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:");
        StringBuilder graph = new StringBuilder();
        for (char c : option.toCharArray()) {
            if ("\\'[],;".indexOf(c) >= 0) {
                graph.append('\\');
            }
            graph.append(c);
        }
        return graph.toString();
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", Math.floor(value * 1_000_000 + 1e-6) / 1_000_000)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static int even(double value) {
        int rounded = (int) Math.round(value);
        return rounded % 2 == 0 ? rounded : rounded + 1;
    }
}
