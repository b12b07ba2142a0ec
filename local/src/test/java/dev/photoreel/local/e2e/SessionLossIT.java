package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor loses the job's session mid-job (code 1002 after the edit was applied): the state machine's
 * "Session Lost?" Choice sends the job back to Create Session and a fresh upload, at most twice.
 */
class SessionLossIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void sessionLostOnceAfterTheInstruction_newSessionAndUploads_andTheJobCompletesWithOneNotification() {
        int dropped = E2eStack.emulator().sessionsDropped();
        E2eStack.emulator().faults().dropSessionsAfterInstruction(1);
        E2eJob job = E2eJob.named("lost-once").photos("city", 2).manifest("{}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        E2eJob.assertOneNotification(outcome.jobId());
        assertEquals(dropped + 1, E2eStack.emulator().sessionsDropped(), "the fault dropped the job's first session");
        assertEquals("1", outcome.text("sessionRenewals"), "the job item counts the renewal");
        String lost = outcome.text("lostSessionId");
        assertNotEquals(lost, outcome.text("sessionId"), "the job item records the new session");
        assertTrue(E2eStack.emulator().draft(outcome.text("sessionId")).isPresent(), "the new session holds the edit");
        job.assertInputsUntouched();
    }

    @Test
    void sessionKeepsVanishing_failsAfterTwoRenewals_withTheSessionLostCode() {
        int dropped = E2eStack.emulator().sessionsDropped();
        E2eStack.emulator().faults().dropSessionsAfterInstruction(100);
        E2eJob job = E2eJob.named("lost-always").photos("city", 2).manifest("{}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "VENDOR_SESSION_LOST", "twice");
        assertEquals(dropped + 3, E2eStack.emulator().sessionsDropped(), "the first session and two renewals, no more");
        assertEquals("2", outcome.text("sessionRenewals"));
        job.assertInputsUntouched();
    }
}
