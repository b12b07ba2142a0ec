package dev.photoreel.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame-exact layout of a {@link VideoTimeline}: how many frames each image is shown, how many frames
 * each crossfade takes, where each crossfade starts and how long the video is.
 *
 * <p>The transition is clamped to half the shortest clip, so two crossfades never overlap.
 * Total frames = sum(clip frames) - (clips - 1) * transition frames.
 *
 * @param fps               frames per second
 * @param clipFrames        frames per clip, in order
 * @param transitionFrames  frames per crossfade (0 for hard cuts or a single image)
 * @param offsetsSeconds    start of each crossfade (one fewer than clips), in seconds from the start of the video
 * @param totalFrames       frames in the finished video
 */
public record TimelinePlan(int fps, List<Integer> clipFrames, int transitionFrames, List<Double> offsetsSeconds,
                           long totalFrames) {

    public TimelinePlan {
        clipFrames = List.copyOf(clipFrames);
        offsetsSeconds = List.copyOf(offsetsSeconds);
    }

    /** Lays out the timeline on whole frames. */
    public static TimelinePlan of(VideoTimeline timeline) {
        int fps = timeline.fps();
        List<Integer> frames = new ArrayList<>();
        for (VideoTimeline.Clip clip : timeline.clips()) {
            if (!(clip.seconds() > 0) || Double.isInfinite(clip.seconds())) {
                throw new IllegalArgumentException("every image needs a positive duration, got " + clip.seconds()
                        + " s for " + clip.image());
            }
            frames.add(Math.max(1, (int) Math.round(clip.seconds() * fps)));
        }
        int transition = 0;
        if (frames.size() > 1 && timeline.transitionSeconds() > 0) {
            int shortest = frames.stream().mapToInt(Integer::intValue).min().orElseThrow();
            transition = Math.min((int) Math.round(timeline.transitionSeconds() * fps), shortest / 2);
        }
        List<Double> offsets = new ArrayList<>();
        long elapsed = 0;
        for (int k = 1; k < frames.size(); k++) {
            elapsed += frames.get(k - 1);
            offsets.add((double) (elapsed - (long) k * transition) / fps);
        }
        long total = frames.stream().mapToLong(Integer::longValue).sum() - (long) (frames.size() - 1) * transition;
        return new TimelinePlan(fps, frames, transition, offsets, total);
    }

    /** Length of the finished video in seconds. */
    public double durationSeconds() {
        return (double) totalFrames / fps;
    }

    /** Length of one crossfade in seconds. */
    public double transitionSeconds() {
        return (double) transitionFrames / fps;
    }

    /** Seconds clip {@code index} is on screen, including its share of the crossfades. */
    public double clipSeconds(int index) {
        return (double) clipFrames.get(index) / fps;
    }
}
