package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void until_probeAnswersOnThirdAttempt_returnsThatAnswer() {
        AtomicInteger attempts = new AtomicInteger();

        Optional<String> answer = Poll.until(Duration.ofSeconds(5), Duration.ofMillis(1),
                () -> attempts.incrementAndGet() == 3 ? Optional.of("ready") : Optional.empty());

        assertEquals(Optional.of("ready"), answer);
        assertEquals(3, attempts.get());
    }

    @Test
    void until_probeNeverAnswers_isEmptyOnceTheDeadlinePassed() {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();

        Optional<String> answer = Poll.until(Duration.ofMillis(120), Duration.ofMillis(10), () -> {
            attempts.incrementAndGet();
            return Optional.empty();
        });

        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(answer.isEmpty());
        assertTrue(tookMillis >= 120, "returned before the deadline: " + tookMillis + " ms");
        assertTrue(attempts.get() >= 2, "asked again after pausing: " + attempts.get());
    }

    @Test
    void until_zeroTimeout_stillAsksOnce() {
        assertEquals(Optional.of(1), Poll.until(Duration.ZERO, () -> Optional.of(1)));
    }

    @Test
    void untilTrue_reportsWhetherTheConditionHeld() {
        AtomicInteger checks = new AtomicInteger();
        assertTrue(Poll.untilTrue(Duration.ofSeconds(5), () -> checks.incrementAndGet() >= 2));
        assertFalse(Poll.untilTrue(Duration.ofMillis(30), () -> false));
    }
}
