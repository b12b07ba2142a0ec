package dev.photoreel.local.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosRowTest {

    private static ChaosRow row(int executions, int completed, int failedOtherwise, int minNotifications, int maxNotifications, int lost,
            int inputsChanged, int videosTwice, long faultsHit, boolean faultExpected) {
        return new ChaosRow("f", 2, executions, completed, 0, failedOtherwise, minNotifications, maxNotifications, lost, inputsChanged,
                videosTwice, faultsHit, faultExpected, 1.0);
    }

    @Test
    void ok_onlyWhenEveryPromiseHeld_andTheFaultActuallyFired() {
        assertTrue(row(2, 2, 0, 1, 1, 0, 0, 0, 3, true).ok());
        assertTrue(row(2, 2, 0, 1, 1, 0, 0, 0, 0, false).ok(), "the load row injects nothing");

        assertFalse(row(2, 2, 0, 1, 1, 0, 0, 0, 0, true).ok(), "a fault that never fired proved nothing");
        assertFalse(row(3, 2, 0, 1, 1, 0, 0, 0, 3, true).ok(), "a doubled execution");
        assertFalse(row(2, 2, 0, 1, 2, 0, 0, 0, 3, true).ok(), "a second notification");
        assertFalse(row(2, 1, 0, 0, 1, 1, 0, 0, 3, true).ok(), "a lost job");
        assertFalse(row(2, 1, 1, 1, 1, 0, 0, 0, 3, true).ok(), "a job with the wrong outcome");
        assertFalse(row(2, 2, 0, 1, 1, 0, 1, 0, 3, true).ok(), "an input changed");
        assertFalse(row(2, 2, 0, 1, 1, 0, 0, 1, 3, true).ok(), "a video stored twice");
    }

    @Test
    void table_saysWhichRowBrokeAPromise() {
        String table = ChaosTable.format(List.of(row(2, 2, 0, 1, 1, 0, 0, 0, 3, true), row(2, 2, 0, 1, 2, 0, 0, 0, 3, true)));

        assertTrue(table.contains(" yes"), table);
        assertTrue(table.contains(" NO"), table);
        assertTrue(table.contains("1 of 2 faults broke a promise"), table);
    }
}
