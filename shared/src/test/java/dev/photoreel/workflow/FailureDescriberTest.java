package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.exceptions.DraftNotReadyException;
import dev.photoreel.workflow.exceptions.RenderTimedOutException;
import dev.photoreel.workflow.exceptions.UploadsNeverSettledException;
import dev.photoreel.workflow.testing.TestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FailureDescriberTest {

    private static final JobSettings SETTINGS = WorkflowConfig.fromMap(TestEnvironment.with(Map.of())).settings();
    /** The state after a loop's Choice ended it: 120 upload checks, 30 draft checks, 62 render polls in 1801 s at 40%. */
    private static final FailureDescriber.Loops LOOPS = new FailureDescriber.Loops("uploads/trip/", 120, 30, 62, 40, 1801, SETTINGS);

    @Test
    void describe_uploadChecksExhausted_writesTheMessageFromTheState_namingTheFolderTheChecksAndTheFix() {
        FailureDescriber.Failure failure = FailureDescriber.describe(UploadsNeverSettledException.class.getName(),
                "The uploads never settled within settings.maxUploadChecks checks.", LOOPS);
        assertEquals("UPLOADS_NEVER_SETTLED", failure.code());
        assertEquals("files kept arriving under uploads/trip/ for 120 checks of 15 s; upload everything, then add job.json"
                + " (or stop uploading for 60 s) to start a job. What to do: upload all files, then add job.json last.", failure.message());
    }

    @Test
    void describe_draftChecksAndRenderTimeExhausted_writeTheirMessagesFromTheState() {
        FailureDescriber.Failure draft = FailureDescriber.describe(DraftNotReadyException.class.getName(), "not ready", LOOPS);
        assertEquals("DRAFT_NOT_READY", draft.code());
        assertTrue(draft.message().startsWith("the editor produced no exportable draft after 30 checks 10 s apart;"), draft.message());
        FailureDescriber.Failure render = FailureDescriber.describe(RenderTimedOutException.class.getName(), "timed out", LOOPS);
        assertEquals("RENDER_TIMED_OUT", render.code());
        assertTrue(render.message().startsWith("the render did not finish within 1800 s (62 polls in 1801 s, last progress 40%)"),
                render.message());
    }

    @Test
    void describe_aLoopsErrorThrownByAStep_keepsTheStepsMessage() {
        FailureDescriber.Failure failure = FailureDescriber.describe(DraftNotReadyException.class.getName(),
                "{\"errorMessage\":\"the session's draft is not exportable any more\"}", LOOPS);
        assertTrue(failure.message().startsWith("the session's draft is not exportable any more."), failure.message());
        assertEquals("The draft was not ready. What to do: try a simpler instruction in job.json and upload again.",
                FailureDescriber.describe(DraftNotReadyException.class.getName(), "The draft was not ready").message(),
                "without the state, the Pass's summary");
    }

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

        assertEquals("STEP_TIMED_OUT", timedOut.code());
        assertTrue(timedOut.message().startsWith("Task timed out after 90.00 seconds."), timedOut.message());
        assertEquals("STEP_CRASHED", crashed.code());
        assertTrue(crashed.message().contains("What to do: a step crashed again after its retries"), crashed.message());
    }

    @Test
    void fixedBy_theUser_onlyForWhatOurOwnChecksFoundInTheirInput_everythingElseIsTheOperators() {
        Set<String> usersToFix = new TreeSet<>();
        for (String error : FailureDescriber.describedErrors()) {
            String code = FailureDescriber.describe(error, null).code();
            if (FailureDescriber.fixedBy(code) == FailureDescriber.FixedBy.USER) {
                usersToFix.add(code);
            }
        }

        assertEquals(Set.of("INVALID_INPUT", "UPLOADS_NEVER_SETTLED"), usersToFix,
                "a vendor's refusal, a missing draft or a timeout may be the vendor's or ours: the operator must hear of it");
        for (String code : List.of("INTERNAL_ERROR", "NO_CREDITS", "VENDOR_AUTH_FAILED", "UNSUPPORTED_FILE", "STEP_CRASHED",
                "EXECUTION_FAILED", "EXECUTION_TIMED_OUT", "EXECUTION_LOST", "A_CODE_NOBODY_KNOWS")) {
            assertEquals(FailureDescriber.FixedBy.OPERATOR, FailureDescriber.fixedBy(code), code);
        }
        assertEquals(FailureDescriber.FixedBy.OPERATOR, FailureDescriber.fixedBy(null));
    }
}
