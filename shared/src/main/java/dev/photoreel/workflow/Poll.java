package dev.photoreel.workflow;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one poll loop: asks a probe until it has an answer or the deadline passes, pausing between attempts.
 * The probe always gets one last attempt at the deadline, so a slow first attempt cannot lose the answer.
 */
public final class Poll {

    /** The pause between attempts when the caller names none. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

    private Poll() {
    }

    /** The probe's first answer within {@code timeout}, asked every {@link #DEFAULT_INTERVAL}; empty when none came. */
    public static <T> Optional<T> until(Duration timeout, Supplier<Optional<T>> probe) {
        return until(timeout, DEFAULT_INTERVAL, probe);
    }

    /** The probe's first answer within {@code timeout}, asked every {@code interval}; empty when none came. */
    public static <T> Optional<T> until(Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = probe.get();
            long remaining = deadline - System.nanoTime();
            if (answer.isPresent() || remaining <= 0) {
                return answer;
            }
            pause(Math.min(interval.toNanos(), remaining));
        }
    }

    /** Whether {@code condition} held within {@code timeout}, checked every {@link #DEFAULT_INTERVAL}. */
    public static boolean untilTrue(Duration timeout, BooleanSupplier condition) {
        return until(timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty()).isPresent();
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }
}
