package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class RenderPollScheduleTest {

    private final RenderPollSchedule schedule = new RenderPollSchedule(2, 30);

    /** Follows the schedule against a render whose progress at second t is {@code curve(t)}; returns the poll times. */
    private List<Integer> polls(IntUnaryOperator curve, int finishSecond) {
        List<Integer> at = new ArrayList<>();
        int t = schedule.firstWaitSeconds();
        int previousProgress = 0;
        int previousWait = t;
        while (at.size() < 100) {
            at.add(t);
            int progress = t >= finishSecond ? 100 : curve.applyAsInt(t);
            if (progress >= 100) {
                return at;
            }
            int wait = schedule.nextWaitSeconds(progress, previousProgress, previousWait, Duration.ofSeconds(t));
            assertTrue(wait >= 2 && wait <= 30, "wait " + wait + " outside the floor and the interval");
            previousProgress = progress;
            previousWait = wait;
            t += wait;
        }
        return at;
    }

    @Test
    void linearProgress_pollsJustAfterTheFinish_withNoMorePollsThanTheFixedInterval() {
        // a 65 s render: fixed 30 s polling sees it at 90 s (25 s late, 3 polls)
        List<Integer> at = polls(t -> t * 100 / 65, 65);
        int last = at.get(at.size() - 1);
        assertTrue(last >= 65 && last <= 65 + 3, "finished at 65 s, seen at " + last + " s: " + at);
        assertTrue(at.size() <= 3, "polls " + at);
    }

    @Test
    void linearProgress_ofAOneMinuteRender_costsAtMostTheFixedIntervalsPolls() {
        List<Integer> at = polls(t -> t * 100 / 60, 60);
        assertTrue(at.size() <= 3, "fixed 30 s polling needs 2 or 3 polls for 60 s; progress-based: " + at);
        assertTrue(at.get(at.size() - 1) <= 63, at.toString());
    }

    @Test
    void stalledProgress_backsOffToTheInterval() {
        assertEquals(8, schedule.nextWaitSeconds(40, 40, 4, Duration.ofSeconds(60)));
        assertEquals(30, schedule.nextWaitSeconds(40, 40, 20, Duration.ofSeconds(90)));
        List<Integer> at = polls(t -> t < 30 ? t : 30, 10_000);
        for (int i = 2; i < at.size(); i++) {
            assertEquals(30, at.get(i) - at.get(i - 1), "a stalled render is polled at the interval: " + at);
        }
    }

    @Test
    void noProgressYet_waitsTheInterval() {
        assertEquals(30, schedule.nextWaitSeconds(0, -1, 30, Duration.ofSeconds(30)));
    }

    @Test
    void jumpingTo100_pollsAtTheFloor_orIsComplete() {
        assertEquals(2, schedule.nextWaitSeconds(100, 50, 30, Duration.ofSeconds(60)));
        List<Integer> at = polls(t -> t < 40 ? 5 : 100, 10_000);
        assertEquals(List.of(30, 60), at, "jumps from 5% to done between polls: found at the next interval");
    }

    @Test
    void nonMonotonicProgress_neverPollsBelowTheFloorOrAboveTheInterval_andEnds() {
        int[] reported = {50, 30, 90, 10, 95, 96, 20, 99};
        int previous = 0;
        int wait = 30;
        int t = 30;
        for (int progress : reported) {
            int next = schedule.nextWaitSeconds(progress, previous, wait, Duration.ofSeconds(t));
            assertTrue(next >= 2 && next <= 30, progress + "% -> " + next);
            if (progress < previous) {
                assertTrue(next >= Math.min(30, wait * 2), "progress went back: back off, got " + next);
            }
            previous = progress;
            wait = next;
            t += next;
        }
    }

    @Test
    void nearlyDone_pollsAtTheFloor_notSooner() {
        assertEquals(2, schedule.nextWaitSeconds(99, 90, 5, Duration.ofSeconds(60)));
    }

    @Test
    void floorEqualToTheInterval_isFixedPolling() {
        RenderPollSchedule fixed = new RenderPollSchedule(30, 30);
        assertEquals(30, fixed.firstWaitSeconds());
        assertEquals(30, fixed.nextWaitSeconds(99, 50, 30, Duration.ofSeconds(60)));
        assertEquals(30, fixed.nextWaitSeconds(10, 10, 30, Duration.ofSeconds(60)));
    }

    @Test
    void floorAboveTheInterval_isCappedByTheInterval() {
        RenderPollSchedule odd = new RenderPollSchedule(60, 30);
        assertEquals(30, odd.nextWaitSeconds(50, 10, 30, Duration.ofSeconds(30)));
    }
}
