package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.emulator.Endpoint;
import dev.photoreel.local.emulator.RenderFailure;
import dev.photoreel.workflow.testing.EmfLines;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the vendor does wrong, and what the user is told. Each ends in one notification. */
class VendorFailuresIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void noCredits_withFallbackOff_failsUpFront_tellingTheUserToRegister_andCountsAsTheOperatorsToFix() {
        E2eStack.emulator().setAvailableCredits(0);
        E2eJob job = E2eJob.named("broke").photos("city", 2).manifest("{\"fallback\": false}");

        EmfCapture.Captured<E2eJob.Outcome> run = EmfCapture.during(() -> job.upload().awaitOutcome());

        E2eJob.assertFailed(run.result(), "NO_CREDITS", "regist");
        job.assertInputsUntouched();
        assertFailureCounted(run.metrics(), "NO_CREDITS", "operator");
    }

    @Test
    void textFileNamedJpg_failsValidation_namingTheFile_beforeAnyVendorCall_andCountsAsTheUsersToFix() {
        int sessions = E2eStack.emulator().sessionCount();
        E2eJob job = E2eJob.named("fake").photos("city", 1).file("notes.jpg", "just some text, not a photo".getBytes(StandardCharsets.UTF_8))
                .manifest("{}");

        EmfCapture.Captured<E2eJob.Outcome> run = EmfCapture.during(() -> job.upload().awaitOutcome());

        E2eJob.assertFailed(run.result(), "INVALID_INPUT", "notes.jpg");
        assertTrue(E2eStack.emulator().sessionCount() == sessions, "no vendor session for an invalid job");
        job.assertInputsUntouched();
        assertFailureCounted(run.metrics(), "INVALID_INPUT", "user");
    }

    /**
     * Fail Job, in its own JVM with its template environment, counted the failure under its code and under whose it
     * is to fix: {@code JobsFailedAlarm} reads {@code JobsFailed} with {@code fixedBy} {@code operator} only.
     */
    private static void assertFailureCounted(List<EmfLines.Metric> metrics, String code, String fixedBy) {
        List<EmfLines.Metric> failures = metrics.stream()
                .filter(metric -> metric.namespace().equals("photoreel") && metric.name().equals("JobsFailed")).toList();
        assertTrue(failures.contains(new EmfLines.Metric("photoreel", "JobsFailed", Map.of("errorCode", code))), failures.toString());
        assertTrue(failures.contains(new EmfLines.Metric("photoreel", "JobsFailed", Map.of("fixedBy", fixedBy))), failures.toString());
        assertFalse(failures.stream().anyMatch(metric -> metric.dimensions().containsKey("fixedBy")
                && !metric.dimensions().get("fixedBy").equals(fixedBy)), failures.toString());
    }

    @Test
    void exportBlocked402_withFallbackOff_failsTellingTheUserToRegisterOrUpgrade() {
        E2eStack.emulator().faults().failNext(Endpoint.RENDER_SUBMIT, 402, 1);
        E2eJob job = E2eJob.named("blocked").photos("city", 2).manifest("{\"fallback\": false}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "EXPORT_BLOCKED", "upgrade");
        job.assertInputsUntouched();
    }

    @Test
    void failedRender_failsTheJob() {
        E2eStack.emulator().faults().renderFailure(RenderFailure.FAIL);
        E2eJob job = E2eJob.named("badrender").photos("city", 2).manifest("{}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "RENDER_FAILED", "render");
        job.assertInputsUntouched();
    }

    @Test
    void renderThatNeverFinishes_failsAfterTheRenderTimeout() {
        E2eStack.emulator().faults().renderFailure(RenderFailure.NEVER_FINISH);
        E2eJob job = E2eJob.named("forever").photos("city", 2).manifest("{}").upload();
        long started = System.nanoTime();

        E2eJob.Outcome outcome = job.awaitOutcome();

        // the Render Finished? Choice ends the loop; Fail Job writes the message from the state (the time, the polls)
        E2eJob.assertFailed(outcome, "RENDER_TIMED_OUT", "the render did not finish within " + E2eStack.RENDER_TIMEOUT_SECONDS + " s (");
        assertTrue((System.nanoTime() - started) / 1e9 >= E2eStack.RENDER_TIMEOUT_SECONDS, "failed only after the render timeout");
        job.assertInputsUntouched();
    }

    @Test
    void vendor5xxBursts_areRetried_andTheJobCompletes() {
        E2eStack.emulator().faults().failNext(Endpoint.SESSION, 503, 2);
        E2eStack.emulator().faults().failNext(Endpoint.RENDER_POLL, 502, 2);
        E2eJob job = E2eJob.named("flaky").photos("city", 2).manifest("{}").upload();

        E2eJob.assertCompleted(job.awaitOutcome(), 1920, 1080, false);
        job.assertInputsUntouched();
    }

    @Test
    void rateLimited429_isRetriedAfterAWait_andTheJobCompletes() {
        E2eStack.emulator().faults().failNext(Endpoint.SESSION, 429, 1);
        E2eJob job = E2eJob.named("busy").photos("city", 2).manifest("{}").upload();

        E2eJob.assertCompleted(job.awaitOutcome(), 1920, 1080, false);
        job.assertInputsUntouched();
    }
}
