package dev.photoreel.workflow;

import java.time.Duration;

/**
 * When to poll a render next, from the vendor's progress: the finish is estimated from the rate of progress
 * since the render was submitted, and the next poll lands just after it. Never sooner than {@code minSeconds},
 * never later than {@code maxSeconds} (the configured poll interval). When the progress did not advance since
 * the previous poll (stalled, or the vendor reported less), the wait doubles instead, so a stuck render costs
 * few polls. With {@code minSeconds == maxSeconds} it is the fixed interval.
 */
public final class RenderPollSchedule {

    /** Polled this long after the estimated finish, so the poll rarely arrives a moment too early. */
    static final double MARGIN_SECONDS = 1.0;

    private final int minSeconds;
    private final int maxSeconds;

    public RenderPollSchedule(int minSeconds, int maxSeconds) {
        this.maxSeconds = Math.max(1, maxSeconds);
        this.minSeconds = Math.max(1, Math.min(minSeconds, this.maxSeconds));
    }

    /** The schedule of a job's settings ({@code minPollSeconds} absent in an older execution: the fixed interval's floor of 1 s). */
    public static RenderPollSchedule of(JobSettings settings) {
        return new RenderPollSchedule(settings.minPollSeconds(), settings.pollIntervalSeconds());
    }

    /** The wait before the first poll, right after the submit: the configured interval (nothing is known yet). */
    public int firstWaitSeconds() {
        return maxSeconds;
    }

    /**
     * The wait before the next poll.
     *
     * @param progress         the progress (0..100) the vendor reported now
     * @param previousProgress the progress at the previous poll (or at the submit)
     * @param previousWait     the wait before this poll, seconds (0 if unknown)
     * @param elapsed          time since the submit
     */
    public int nextWaitSeconds(int progress, int previousProgress, int previousWait, Duration elapsed) {
        if (progress <= previousProgress) {
            return clamp(Math.max(previousWait, minSeconds) * 2L);
        }
        double seconds = elapsed.toMillis() / 1000.0;
        if (progress >= 100) {
            return minSeconds;
        }
        if (progress <= 0 || seconds <= 0) {
            return maxSeconds;
        }
        double remaining = (100 - progress) * seconds / progress;
        return clamp((long) Math.ceil(remaining + MARGIN_SECONDS));
    }

    private int clamp(long seconds) {
        return (int) Math.max(minSeconds, Math.min(maxSeconds, seconds));
    }
}
