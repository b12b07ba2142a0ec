package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.Credits;
import dev.photoreel.nemo.Draft;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.UnsupportedFileException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.workflow.testing.Fixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EditingServiceTest {

    private final Fixture f = new Fixture(Map.of("MAX_DRAFT_CHECKS", "2"));

    @Test
    void authenticate_mintsTheSharedTokenOnceAndReportsCredits() {
        assertEquals(100, f.editing().authenticate().creditsAvailable());
        assertEquals(100, f.editing().authenticate().creditsAvailable());
        assertEquals(1, f.vendor.mints.get());
    }

    @Test
    void authenticate_forAJob_recordsTheBalanceOnTheJob() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        assertEquals(100, f.editing().authenticate(jobId).creditsAvailable());
        assertEquals(100L, f.jobs.find(jobId).orElseThrow().creditsAvailable());
    }

    @Test
    void authenticate_whenTheBalanceCannotPayForAJob_failsBeforeAnyUpload() {
        f.vendor.credits = new Credits(5, 0, 100);
        InsufficientCreditsException e = assertThrows(InsufficientCreditsException.class, () -> f.editing().authenticate());
        assertTrue(e.getMessage().contains("5 credits") && e.getMessage().contains("needs 8"), e.getMessage());
    }

    @Test
    void authenticate_whenNoCredits_failsWithTheRegistrationHint() {
        f.vendor.credits = new Credits(0, 0, 100);
        InsufficientCreditsException e = assertThrows(InsufficientCreditsException.class, () -> f.editing().authenticate());
        assertTrue(e.getMessage().contains("register") && e.getMessage().contains("NEMO_TOKEN_SECRET_ARN"), e.getMessage());
        assertEquals(2001, e.vendorCode());
    }

    @Test
    void createSession_recordsIdsAndReusesThemOnRetry() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        assertEquals("123456789", f.editing().createSession(jobId).sessionId());
        assertEquals("123456789", f.editing().createSession(jobId).sessionId());
        assertEquals(1, f.vendor.calls.stream().filter(c -> c.startsWith("createSession")).count());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.UPLOADING, job.status());
        assertEquals("task_1", job.taskId());
        assertEquals("en", f.vendor.language);
    }

    @Test
    void createSession_afterTheVendorLostTheSession_replacesItOnTheJob_withoutLoweringTheStatus() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        String first = f.editing().createSession(jobId).sessionId();
        f.jobs.force(jobId, JobStatus.RENDERING);

        EditingService.SessionResult renewed = f.editing().createSession(jobId, first, 0);

        assertEquals("223456789", renewed.sessionId());
        assertEquals(1, renewed.renewals());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals("223456789", job.sessionId(), "the job item records the new session");
        assertEquals("task_2", job.taskId());
        assertEquals(1L, job.sessionRenewals());
        assertEquals(first, job.lostSessionId());
        assertEquals(JobStatus.RENDERING, job.status(), "the status never goes back");
    }

    @Test
    void createSession_renewalRetriedAfterItWasRecorded_reusesTheNewSession() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        String first = f.editing().createSession(jobId).sessionId();
        EditingService.SessionResult renewed = f.editing().createSession(jobId, first, 1);

        EditingService.SessionResult retried = f.editing().createSession(jobId, first, 1);

        assertEquals(renewed, retried);
        assertEquals(2, renewed.renewals());
        assertEquals(2, f.vendor.sessionsCreated.get(), "the retry creates no third session");
    }

    @Test
    void uploadMedia_forARenewedSession_uploadsEveryFileAgain_evenWhenTheJobIsAlreadyEditing() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        String first = f.editing().createSession(jobId).sessionId();
        f.editing().uploadMedia(jobId, first);
        f.jobs.force(jobId, JobStatus.EDITING);
        String second = f.editing().createSession(jobId, first, 0).sessionId();

        EditingService.UploadResult again = f.editing().uploadMedia(jobId, second);

        assertEquals(2, again.files());
        assertEquals(List.of(first, second), f.vendor.uploadSessionIds);
        assertEquals(f.vendor.urlUploads.get(0).size(), f.vendor.urlUploads.get(1).size(), "every file, not only the missing ones");
        assertEquals(JobStatus.EDITING, f.jobs.find(jobId).orElseThrow().status());
        f.editing().streamInstruction(jobId, second, f.now().plusSeconds(60));
        assertTrue(f.editing().checkDraft(jobId, second, 0).ready());
    }

    @Test
    void uploadMedia_sendsPresignedUrlsInOrderAndNoBytes() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        EditingService.UploadResult result = f.editing().uploadMedia(jobId, "123456789");

        assertEquals(new EditingService.UploadResult(2, "url"), result);
        assertEquals(1, f.vendor.urlUploads.size());
        assertTrue(f.vendor.urlUploads.get(0).get(0).contains("uploads%2Ftrip%2Fa.jpg"));
        assertTrue(f.vendor.urlUploads.get(0).get(1).contains("b.png"));
        assertTrue(f.media.opened.isEmpty(), "the bytes never pass through Lambda");
        assertTrue(f.vendor.multipartUploads.isEmpty());
    }

    @Test
    void uploadMedia_whenUrlUploadRejected_fallsBackToMultipartFromS3() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        f.vendor.urlUploadFailure = new VendorRejectedException("cannot fetch url", 4000, 400, null);

        EditingService.UploadResult result = f.editing().uploadMedia(jobId, "123456789");

        assertEquals("multipart", result.mode());
        assertEquals(List.of(List.of("a.jpg|image/jpeg", "b.png|image/png")), f.vendor.multipartUploads);
        assertEquals("multipart", f.jobs.find(jobId).orElseThrow().uploadMode());
    }

    @Test
    void uploadMedia_whenVendorAcknowledgesFewerFiles_fallsBackToMultipart() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        f.vendor.urlUploadAnswer = List::of;
        assertEquals("multipart", f.editing().uploadMedia(jobId, "123456789").mode());
    }

    @Test
    void uploadMedia_whenFileUnsupported_doesNotFallBack() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        f.vendor.urlUploadFailure = new UnsupportedFileException("a.jpg unsupported", 4001, 200, null);
        assertThrows(UnsupportedFileException.class, () -> f.editing().uploadMedia(jobId, "123456789"));
        assertTrue(f.vendor.multipartUploads.isEmpty());
    }

    @Test
    void streamInstruction_sendsTheRecordedInstructionWithTheDeadline() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        Instant deadline = f.now().plusSeconds(870);
        f.vendor.instructionResult = new InstructionResult("", List.of(), InstructionResult.StreamEnd.CUT_AT_DEADLINE, null);

        EditingService.StreamResult result = f.editing().streamInstruction(jobId, "123456789", deadline);

        assertEquals(new EditingService.StreamResult("CUT_AT_DEADLINE", 0, 0), result);
        assertEquals(deadline, f.vendor.instructionDeadline);
        assertEquals(WorkflowConfig.DEFAULT_INSTRUCTION + ".", f.vendor.instructions.get(0));
        assertEquals(JobStatus.EDITING, f.jobs.find(jobId).orElseThrow().status());
    }

    @Test
    void checkDraft_notReadyThenReady_countsChecksAndRecordsTheSummary() {
        String jobId = f.jobIn(JobStatus.EDITING);
        f.vendor.sessionStates.add(new SessionState("s", "t", "n", Draft.parse("{\"t\":[{\"tt\":0,\"sg\":[]}]}")));
        f.vendor.sessionStates.add(new SessionState("s", "t", "n", Draft.parse(dev.photoreel.workflow.testing.FakeNemoApi.EXPORTABLE_DRAFT)));

        EditingService.DraftCheck first = f.editing().checkDraft(jobId, "s", 0);
        assertFalse(first.ready());
        EditingService.DraftCheck second = f.editing().checkDraft(jobId, "s", first.checks());
        assertTrue(second.ready());
        assertEquals(2, second.checks());
        assertTrue(second.summary().startsWith("Timeline ("));
        assertEquals(second.summary(), f.jobs.find(jobId).orElseThrow().timelineSummary());
    }

    @Test
    void checkDraft_pastMaxDraftChecks_onlyCounts_theDraftReadyChoiceIsTheBound() {
        String jobId = f.jobIn(JobStatus.EDITING);
        f.vendor.sessionStates.add(new SessionState("s", "t", "n", null));
        EditingService.DraftCheck check = f.editing().checkDraft(jobId, "s", f.config.settings().maxDraftChecks() + 1);
        assertFalse(check.ready());
        assertEquals(f.config.settings().maxDraftChecks() + 2, check.checks());
    }
}
