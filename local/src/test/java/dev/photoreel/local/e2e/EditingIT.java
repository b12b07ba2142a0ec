package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The instruction stream's hard cases: an edit with no text, and a stream that outlives the function. */
class EditingIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void editWithoutAnyText_isConfirmedFromTheSessionState_andCompletes() {
        E2eStack.emulator().faults().silent(true);
        E2eJob job = E2eJob.named("silent").photos("seaside", 2).manifest("{\"instruction\": \"make it calm\"}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        job.assertInputsUntouched();
    }

    @Test
    void streamLongerThanTheFunctionsTime_isCutAtTheDeadline_andTheDraftLoopFinishesTheJob() {
        // StreamInstruction gets 8 s instead of 900 s; the stream stalls 30 s after the edit, so the handler
        // stops reading at 8 s minus the 2 s margin and hands over to the draft-ready loop.
        E2eStack.stack().functions().overrideTimeout("StreamInstructionFunction", Duration.ofSeconds(8));
        E2eStack.emulator().faults().stallNextStreams(1, Duration.ofSeconds(30), false);
        E2eJob job = E2eJob.named("deadline").photos("mountains", 2).manifest("{\"instruction\": \"a slow pan\"}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        assertEquals("CUT_AT_DEADLINE", outcome.text("streamEnd"));
        job.assertInputsUntouched();
    }
}
