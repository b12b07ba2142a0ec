package dev.photoreel.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the render engine turns into an MP4: the output size, the images in order with the time each one owns,
 * the crossfade between neighbours, optional music and title. The video lasts the sum of the images' times:
 * crossfades straddle the boundaries instead of shortening it (see {@link TimelinePlan}).
 *
 * @param width              output width in pixels (1920, 1080, ...)
 * @param height             output height in pixels
 * @param fps                frames per second
 * @param clips              the images, in order
 * @param transitionSeconds  crossfade length between neighbouring clips, centred on their boundary (0 for hard cuts)
 * @param fit                how an image of another shape is fitted (never stretched)
 * @param panZoom            a slow pan/zoom on each image
 * @param music              background music, trimmed to the video with a fade in and out; null for silence
 * @param title              a title shown over the start of the video; null for none
 * @param transition         the transition between neighbouring clips (when {@code transitionSeconds} is above 0)
 */
public record VideoTimeline(int width, int height, int fps, List<Clip> clips, double transitionSeconds,
                            Fit fit, boolean panZoom, Path music, String title, Transition transition) {

    /** A timeline with crossfades ({@link Transition#FADE}). */
    public VideoTimeline(int width, int height, int fps, List<Clip> clips, double transitionSeconds,
                         Fit fit, boolean panZoom, Path music, String title) {
        this(width, height, fps, clips, transitionSeconds, fit, panZoom, music, title, Transition.FADE);
    }

    public VideoTimeline {
        Objects.requireNonNull(clips, "clips");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(fit, "fit");
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("a video needs at least one image");
        }
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be positive and even, got " + width + "x" + height);
        }
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        clips = List.copyOf(clips);
    }

    /** One image and the seconds it owns on the timeline (a crossfade takes half its length from each side). */
    public record Clip(Path image, double seconds) {
    }

    public enum Fit { LETTERBOX, BLURRED_FILL }

    /**
     * The transitions, each one of ffmpeg 4.4's {@code xfade} kinds. ffmpeg 4.4 has no zoom transition ({@code zoomin}
     * came in 5.0): {@link #ZOOM} is the iris {@code circleopen}, the closest it has.
     */
    public enum Transition {
        FADE("fade"), SLIDE("slideleft"), WIPE("wipeleft"), ZOOM("circleopen"), DISSOLVE("dissolve");

        private final String xfade;

        Transition(String xfade) {
            this.xfade = xfade;
        }

        /** The {@code xfade} transition name. */
        public String xfade() {
            return xfade;
        }

        /** The transition for a plain word (fade, slide, wipe, zoom, dissolve); {@link #FADE} for any other, "none" too. */
        public static Transition named(String word) {
            if (word == null) {
                return FADE;
            }
            return switch (word.toLowerCase(java.util.Locale.ROOT)) {
                case "slide" -> SLIDE;
                case "wipe" -> WIPE;
                case "zoom" -> ZOOM;
                case "dissolve" -> DISSOLVE;
                default -> FADE;
            };
        }
    }
}
