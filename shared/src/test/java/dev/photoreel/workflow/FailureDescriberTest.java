package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureDescriberTest {

    @Test
    void describe_lambdaErrorJson_takesTheMessageAndAddsTheFix() {
        FailureDescriber.Failure failure = FailureDescriber.describe("dev.photoreel.nemo.exceptions.InsufficientCreditsException",
                "{\"errorMessage\":\"no credits left\",\"errorType\":\"dev.photoreel.nemo.exceptions.InsufficientCreditsException\",\"stackTrace\":[\"a\"]}");
        assertEquals("NO_CREDITS", failure.code());
        assertTrue(failure.message().startsWith("no credits left. What to do: register"), failure.message());
        assertTrue(!failure.message().contains("stackTrace"));
    }

    @Test
    void describe_statesErrorsAndUnknownTypes() {
        assertEquals("STEP_TIMED_OUT", FailureDescriber.describe("States.Timeout", "Task timed out").code());
        FailureDescriber.Failure unknown = FailureDescriber.describe("java.lang.NullPointerException", null);
        assertEquals("INTERNAL_ERROR", unknown.code());
        assertTrue(unknown.message().contains("operator"));
        assertEquals("INTERNAL_ERROR", FailureDescriber.describe(null, "not json {").code());
    }

    @Test
    void describe_lambdasOwnTimeoutAndCrash_sayWhatHappenedAndWhatToDo() {
        FailureDescriber.Failure timedOut = FailureDescriber.describe("Sandbox.Timedout",
                "{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"Task timed out after 90.00 seconds\"}");
        FailureDescriber.Failure crashed = FailureDescriber.describe("Runtime.ExitError",
                "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"Runtime exited with error: signal: killed\"}");

        org.junit.jupiter.api.Assertions.assertEquals("STEP_TIMED_OUT", timedOut.code());
        org.junit.jupiter.api.Assertions.assertTrue(timedOut.message().startsWith("Task timed out after 90.00 seconds."), timedOut.message());
        org.junit.jupiter.api.Assertions.assertEquals("STEP_CRASHED", crashed.code());
        org.junit.jupiter.api.Assertions.assertTrue(crashed.message().contains("What to do: a step crashed again after its retries"), crashed.message());
    }
}
