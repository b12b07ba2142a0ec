package dev.photoreel.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The frame-exact layout of a {@link VideoTimeline}: where each image's slot begins and ends, how many frames each
 * image's stream is rendered for, where each crossfade starts and how long the video is.
 *
 * <p>Each image owns its {@link VideoTimeline.Clip#seconds()}: the video lasts exactly the sum of those (N images
 * of s seconds last N x s). Crossfades straddle the boundaries between slots, half before and half after, instead
 * of shortening the video: so each image's stream is rendered for its slot plus the halves of the crossfades on
 * either side. Slot boundaries are rounded to whole frames from the running total, so rounding never adds up.
 * The transition is clamped to half the shortest slot, so two crossfades never overlap.
 *
 * @param fps               frames per second
 * @param slotEndFrames     the frame where each image's slot ends (the last one is the video's length)
 * @param clipFrames        frames each image's stream is rendered for (its slot plus its crossfade halves)
 * @param transitionFrames  frames per crossfade (0 for hard cuts or a single image)
 * @param offsetsSeconds    start of each crossfade (one fewer than clips), in seconds from the start of the video
 * @param totalFrames       frames in the finished video
 */
public record TimelinePlan(int fps, List<Long> slotEndFrames, List<Integer> clipFrames, int transitionFrames,
                           List<Double> offsetsSeconds, long totalFrames) {

    public TimelinePlan {
        slotEndFrames = List.copyOf(slotEndFrames);
        clipFrames = List.copyOf(clipFrames);
        offsetsSeconds = List.copyOf(offsetsSeconds);
    }

    /** Lays out the timeline on whole frames. */
    public static TimelinePlan of(VideoTimeline timeline) {
        int fps = timeline.fps();
        int n = timeline.clips().size();
        List<Long> ends = new ArrayList<>();
        double elapsedSeconds = 0;
        long previousEnd = 0;
        long shortest = Long.MAX_VALUE;
        for (VideoTimeline.Clip clip : timeline.clips()) {
            if (!(clip.seconds() > 0) || Double.isInfinite(clip.seconds())) {
                throw new IllegalArgumentException("every image needs a positive duration, got " + clip.seconds()
                        + " s for " + clip.image());
            }
            elapsedSeconds += clip.seconds();
            long end = Math.max(previousEnd + 1, Math.round(elapsedSeconds * fps));
            ends.add(end);
            shortest = Math.min(shortest, end - previousEnd);
            previousEnd = end;
        }
        int transition = 0;
        if (n > 1 && timeline.transitionSeconds() > 0) {
            transition = (int) Math.min(Math.round(timeline.transitionSeconds() * fps), shortest / 2);
        }
        int before = transition / 2;
        // crossfade k (between image k-1 and image k) starts half a transition before slot k-1 ends
        List<Long> fadeStarts = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            fadeStarts.add(ends.get(k - 1) - before);
        }
        long total = ends.get(n - 1);
        List<Integer> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = i == 0 ? 0 : fadeStarts.get(i - 1);
            long end = i == n - 1 ? total : fadeStarts.get(i) + transition;
            frames.add(Math.toIntExact(end - start));
        }
        List<Double> offsets = fadeStarts.stream().map(frame -> (double) frame / fps).toList();
        return new TimelinePlan(fps, ends, frames, transition, offsets, total);
    }

    /** Length of the finished video in seconds. */
    public double durationSeconds() {
        return (double) totalFrames / fps;
    }

    /** Length of one crossfade in seconds. */
    public double transitionSeconds() {
        return (double) transitionFrames / fps;
    }

    /** Seconds clip {@code index}'s stream is rendered for, including its share of the crossfades. */
    public double clipSeconds(int index) {
        return (double) clipFrames.get(index) / fps;
    }
}
