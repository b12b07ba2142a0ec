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
 */
public record VideoTimeline(int width, int height, int fps, List<Clip> clips, double transitionSeconds,
                            Fit fit, boolean panZoom, Path music, String title) {

    public VideoTimeline {
        Objects.requireNonNull(clips, "clips");
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
}
