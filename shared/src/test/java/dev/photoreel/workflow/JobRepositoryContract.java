package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.exceptions.JobStateConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules every {@link JobRepository} keeps; run against the in-memory fake and, in the local module, DynamoDB's protocol (moto). */
abstract class JobRepositoryContract {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    JobRepository jobs;

    abstract JobRepository newRepository();

    @BeforeEach
    void setUp() {
        jobs = newRepository();
        assertTrue(jobs.createJob("trip-1", Map.of(JobAttributes.PREFIX, "uploads/trip/", JobAttributes.BUCKET, "b",
                JobAttributes.JOB_NAME, "trip", JobAttributes.GENERATION, 1), T0, T0.plus(Duration.ofDays(90))));
    }

    @Test
    void createJob_whenItExists_returnsFalseAndKeepsTheFirst() {
        assertFalse(jobs.createJob("trip-1", Map.of(JobAttributes.PREFIX, "other/"), T0, T0));
        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals("uploads/trip/", job.prefix());
        assertEquals(JobStatus.RECEIVED, job.status());
        assertEquals(1, job.generation());
        assertNotNull(job.enteredAt(JobStatus.RECEIVED));
    }

    @Test
    void transition_forward_setsStatusTimestampAndAttributes() {
        Job job = jobs.transition("trip-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 40,
                JobAttributes.RENDER_ID, "render_1", JobAttributes.HAS_MUSIC, true), T0.plusSeconds(5));
        assertEquals(JobStatus.RENDERING, job.status());
        assertEquals(40L, job.progress());
        assertEquals("render_1", job.renderId());
        assertTrue(job.hasMusic());
        assertEquals(T0.plusSeconds(5), job.enteredAt(JobStatus.RENDERING));
    }

    @Test
    void transition_sameStatusAgain_keepsTheFirstTimestamp() {
        jobs.transition("trip-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 10), T0.plusSeconds(5));
        Job job = jobs.transition("trip-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 60), T0.plusSeconds(35));
        assertEquals(60L, job.progress());
        assertEquals(T0.plusSeconds(5), job.enteredAt(JobStatus.RENDERING));
    }

    @Test
    void transition_whenStaleWriterGoesBack_loses() {
        jobs.transition("trip-1", JobStatus.STORING, Map.of(), T0);
        assertThrows(JobStateConflictException.class,
                () -> jobs.transition("trip-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 99), T0));
        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(JobStatus.STORING, job.status());
        assertEquals(null, job.progress());
    }

    @Test
    void transition_whenJobFinished_neverChangesItsOutcome() {
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0);
        assertThrows(JobStateConflictException.class,
                () -> jobs.transition("trip-1", JobStatus.FAILED, Map.of(JobAttributes.ERROR_CODE, "X"), T0));
        assertEquals(JobStatus.COMPLETED, jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0).status());
        assertEquals(null, jobs.find("trip-1").orElseThrow().errorCode());
    }

    @Test
    void transition_whenJobMissing_fails() {
        assertThrows(JobStateConflictException.class, () -> jobs.transition("nope-1", JobStatus.VALIDATING, Map.of(), T0));
    }

    @Test
    void joinJob_raisesLastUploadOnlyForwardCountsEventsAndRecordsThem() {
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0.plusSeconds(10), T0));
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.joinJob("trip-1", "uploads/trip/b.jpg#02", T0.plusSeconds(5), T0));
        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(T0.plusSeconds(10), job.lastUploadAt());
        assertEquals(2L, job.uploadEvents());
        assertEquals(Optional.of("trip-1"), jobs.findUploadEvent("uploads/trip/b.jpg#02"));
        assertTrue(jobs.findUploadEvent("uploads/trip/c.jpg#03").isEmpty());
    }

    @Test
    void joinJob_theSameEventTwice_countsItOnce() {
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0, T0));
        assertEquals(JobRepository.IntakeWrite.EVENT_HANDLED, jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0.plusSeconds(1), T0));
        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(1L, job.uploadEvents());
        assertEquals(T0, job.lastUploadAt());
    }

    @Test
    void joinJob_whenJobStoppedCollecting_isRefusedAndRecordsNothing() {
        jobs.transition("trip-1", JobStatus.VALIDATING, Map.of(), T0);
        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0.plusSeconds(10), T0));
        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.joinJob("missing-1", "uploads/trip/b.jpg#02", T0, T0));
        assertTrue(jobs.findUploadEvent("uploads/trip/a.jpg#01").isEmpty(), "a refused join records no event");
        assertEquals(0L, jobs.find("trip-1").orElseThrow().uploadEvents());
    }

    @Test
    void openGeneration_pointsTheFolderCreatesTheJobAndRecordsTheEvent_together() {
        JobRepository.PrefixPointer first = new JobRepository.PrefixPointer("uploads/party/", 1, "party-1", true);
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.openGeneration(first, Map.of(JobAttributes.PREFIX, "uploads/party/",
                JobAttributes.UPLOAD_EVENTS, 1L, JobAttributes.GENERATION, 1), "uploads/party/a.jpg#01", T0.plusSeconds(1), T0.plusSeconds(999)));

        assertEquals(first, jobs.findPrefix("uploads/party/").orElseThrow());
        Job job = jobs.find("party-1").orElseThrow();
        assertEquals(JobStatus.RECEIVED, job.status());
        assertEquals(1L, job.uploadEvents());
        assertEquals(Optional.of("party-1"), jobs.findUploadEvent("uploads/party/a.jpg#01"));
        assertEquals(java.util.List.of("trip-1", "party-1"), jobs.findPending(JobRepository.Pending.OPEN, T0.plusSeconds(2), 10));
    }

    @Test
    void openGeneration_onlyFromTheExpectedGeneration_andWritesNothingWhenRefused() {
        JobRepository.PrefixPointer first = new JobRepository.PrefixPointer("uploads/party/", 1, "party-1", true);
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.openGeneration(first, Map.of(), "uploads/party/a.jpg#01", T0, T0));

        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.openGeneration(
                new JobRepository.PrefixPointer("uploads/party/", 1, "party-1b", true), Map.of(), "uploads/party/b.jpg#02", T0, T0));
        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.openGeneration(
                new JobRepository.PrefixPointer("uploads/party/", 3, "party-3", true), Map.of(), "uploads/party/c.jpg#03", T0, T0));
        assertTrue(jobs.find("party-1b").isEmpty());
        assertTrue(jobs.find("party-3").isEmpty());
        assertTrue(jobs.findUploadEvent("uploads/party/b.jpg#02").isEmpty(), "a refused open records no event");
        assertEquals(first, jobs.findPrefix("uploads/party/").orElseThrow());

        jobs.closePrefix("uploads/party/", "someone-else");
        assertTrue(jobs.findPrefix("uploads/party/").orElseThrow().open());
        jobs.closePrefix("uploads/party/", "party-1");
        assertFalse(jobs.findPrefix("uploads/party/").orElseThrow().open());
        JobRepository.PrefixPointer second = new JobRepository.PrefixPointer("uploads/party/", 2, "party-2", true);
        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.openGeneration(second, Map.of(), "uploads/party/b.jpg#02", T0, T0));
        assertEquals(second, jobs.findPrefix("uploads/party/").orElseThrow());
    }

    @Test
    void openGeneration_whenTheJobExists_orTheEventWasHandled_writesNothing() {
        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.openGeneration(
                new JobRepository.PrefixPointer("uploads/trip/", 1, "trip-1", true), Map.of(), "uploads/trip/a.jpg#01", T0, T0));
        assertTrue(jobs.findPrefix("uploads/trip/").isEmpty(), "the pointer is not written when the job exists");

        assertEquals(JobRepository.IntakeWrite.JOINED, jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0, T0));
        assertEquals(JobRepository.IntakeWrite.EVENT_HANDLED, jobs.openGeneration(
                new JobRepository.PrefixPointer("uploads/trip2/", 1, "trip2-1", true), Map.of(), "uploads/trip/a.jpg#01", T0, T0));
        assertTrue(jobs.findPrefix("uploads/trip2/").isEmpty());
        assertTrue(jobs.find("trip2-1").isEmpty());
        assertEquals(Optional.of("trip-1"), jobs.findUploadEvent("uploads/trip/a.jpg#01"));
    }

    @Test
    void closeUploads_withTheUploadsItSaw_endsCollectingAndStoresTheSet() {
        jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0, T0);
        jobs.joinJob("trip-1", "uploads/trip/b.jpg#02", T0.plusSeconds(1), T0);

        assertTrue(jobs.closeUploads("trip-1", 2, Map.of(JobAttributes.UPLOAD_SET, "0011223344556677"), T0.plusSeconds(5)));

        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(JobStatus.VALIDATING, job.status());
        assertTrue(job.uploadSet().size() == 1);
        assertEquals(JobRepository.IntakeWrite.REFUSED, jobs.joinJob("trip-1", "uploads/trip/c.jpg#03", T0.plusSeconds(6), T0),
                "a closed set takes no more uploads");
    }

    @Test
    void closeUploads_afterAnotherUploadJoined_changesNothing() {
        jobs.joinJob("trip-1", "uploads/trip/a.jpg#01", T0, T0);
        jobs.joinJob("trip-1", "uploads/trip/b.jpg#02", T0.plusSeconds(1), T0);

        assertFalse(jobs.closeUploads("trip-1", 1, Map.of(JobAttributes.UPLOAD_SET, "0011223344556677"), T0.plusSeconds(5)));

        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(JobStatus.RECEIVED, job.status());
        assertEquals(0, job.uploadSet().size());
        assertFalse(jobs.closeUploads("missing-1", 0, Map.of(), T0));
    }

    @Test
    void claimNotification_onceSentIsNeverClaimedAgain() {
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0);
        assertEquals(JobRepository.NotificationClaim.CLAIMED, jobs.claimNotification("trip-1", "a", T0, Duration.ofSeconds(120)));
        assertEquals(JobRepository.NotificationClaim.HELD_BY_ANOTHER,
                jobs.claimNotification("trip-1", "b", T0.plusSeconds(10), Duration.ofSeconds(120)));
        jobs.confirmNotification("trip-1", "a", "msg-1", T0.plusSeconds(1), false);
        assertEquals(JobRepository.NotificationClaim.ALREADY_SENT,
                jobs.claimNotification("trip-1", "b", T0.plusSeconds(500), Duration.ofSeconds(120)));
        assertEquals("msg-1", jobs.find("trip-1").orElseThrow().notificationMessageId());
    }

    @Test
    void claimNotification_staleClaimIsTakenOver_releasedClaimIsFree() {
        jobs.transition("trip-1", JobStatus.FAILED, Map.of(), T0);
        assertEquals(JobRepository.NotificationClaim.CLAIMED, jobs.claimNotification("trip-1", "a", T0, Duration.ofSeconds(120)));
        assertEquals(JobRepository.NotificationClaim.CLAIMED,
                jobs.claimNotification("trip-1", "b", T0.plusSeconds(121), Duration.ofSeconds(120)));
        jobs.releaseNotification("trip-1", "b");
        assertEquals(JobRepository.NotificationClaim.CLAIMED,
                jobs.claimNotification("trip-1", "c", T0.plusSeconds(122), Duration.ofSeconds(120)));
    }

    @Test
    void setAttributes_whenJobMissing_fails() {
        assertThrows(JobStateConflictException.class, () -> jobs.setAttributes("nope-1", Map.of("x", "y")));
    }

    @Test
    void pendingIndex_holdsOpenJobs_thenUnnotifiedFinalOnes_andNothingOnceNotified() {
        assertTrue(jobs.createJob("late-1", Map.of(JobAttributes.PREFIX, "uploads/late/"), T0.plusSeconds(60), T0.plusSeconds(999)));
        assertEquals(java.util.List.of("trip-1", "late-1"), jobs.findPending(JobRepository.Pending.OPEN, T0.plusSeconds(61), 10));
        assertEquals(java.util.List.of("trip-1"), jobs.findPending(JobRepository.Pending.OPEN, T0.plusSeconds(30), 10));
        assertEquals(java.util.List.of("trip-1"), jobs.findPending(JobRepository.Pending.OPEN, T0.plusSeconds(61), 1));

        Job failed = jobs.transition("trip-1", JobStatus.FAILED, Map.of(), T0.plusSeconds(100));
        assertEquals(JobAttributes.NOTIFICATION_PENDING, failed.notification());
        assertEquals(java.util.List.of("late-1"), jobs.findPending(JobRepository.Pending.OPEN, T0.plusSeconds(999), 10));
        assertEquals(java.util.List.of("trip-1"), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(101), 10));
        assertEquals(java.util.List.of(), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(100), 10));

        jobs.claimNotification("trip-1", "a", T0.plusSeconds(200), Duration.ofSeconds(120));
        jobs.confirmNotification("trip-1", "a", "msg-1", T0.plusSeconds(201), false);
        assertEquals(JobAttributes.NOTIFICATION_SENT, jobs.find("trip-1").orElseThrow().notification());
        assertEquals(java.util.List.of(), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(999), 10));
    }

    @Test
    void clearPending_takesANotifiedJobOff_butNeverAnUnnotifiedOne() {
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0);
        jobs.clearPending("trip-1");
        assertEquals(java.util.List.of("trip-1"), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(1), 10));
        jobs.claimNotification("trip-1", "a", T0, Duration.ofSeconds(120));
        jobs.confirmNotification("trip-1", "a", "msg-1", T0, false);
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0.plusSeconds(5));
        assertEquals(JobAttributes.NOTIFICATION_SENT, jobs.find("trip-1").orElseThrow().notification(),
                "a repeated final transition keeps SENT");
        jobs.clearPending("trip-1");
        assertEquals(java.util.List.of(), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(999), 10));
    }

    @Test
    void claimRevision_onlyOnACompletedJob_oneAtATime_inVersionOrder() {
        assertFalse(jobs.claimRevision("trip-1", 2, T0), "a running job is not revisable");
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0);
        assertFalse(jobs.claimRevision("trip-1", 3, T0), "version 3 before version 2");
        assertTrue(jobs.claimRevision("trip-1", 2, T0));
        assertFalse(jobs.claimRevision("trip-1", 2, T0.plusSeconds(1)), "the same version twice");
        assertFalse(jobs.claimRevision("trip-1", 3, T0.plusSeconds(1)), "while version 2 runs");
        Job claimed = jobs.find("trip-1").orElseThrow();
        assertEquals(Optional.of(2), claimed.runningVersion());
        assertEquals(2L, claimed.latestVersion());

        assertFalse(jobs.releaseRevision("trip-1", 3, Map.of()), "only the running version is released");
        assertTrue(jobs.releaseRevision("trip-1", 2, Map.of(JobAttributes.LATEST_COMPLETED_VERSION, 2)));
        assertFalse(jobs.releaseRevision("trip-1", 2, Map.of()), "released once");
        Job released = jobs.find("trip-1").orElseThrow();
        assertTrue(released.runningVersion().isEmpty());
        assertEquals(2L, released.latestCompletedVersion());
        assertTrue(jobs.claimRevision("trip-1", 3, T0.plusSeconds(2)));
    }

    @Test
    void confirmNotification_withAWebhook_leavesItPendingAndClaimed_untilFinished() {
        jobs.transition("trip-1", JobStatus.COMPLETED, Map.of(), T0);
        jobs.claimNotification("trip-1", "a", T0, Duration.ofSeconds(120));
        jobs.confirmNotification("trip-1", "a", "msg-1", T0.plusSeconds(1), true);
        Job job = jobs.find("trip-1").orElseThrow();
        assertEquals(JobAttributes.NOTIFICATION_SENT, job.notification());
        assertEquals(JobAttributes.WEBHOOK_PENDING, job.webhook());
        assertEquals(java.util.List.of("trip-1"), jobs.findPending(JobRepository.Pending.WEBHOOK, T0.plusSeconds(2), 10));
        assertEquals(java.util.List.of(), jobs.findPending(JobRepository.Pending.NOTIFY, T0.plusSeconds(999), 10));

        assertTrue(jobs.claimWebhook("trip-1", "a", T0.plusSeconds(2), Duration.ofSeconds(120)), "the confirming attempt holds it");
        assertFalse(jobs.claimWebhook("trip-1", "r", T0.plusSeconds(60), Duration.ofSeconds(120)), "not while the claim is fresh");
        assertTrue(jobs.claimWebhook("trip-1", "r", T0.plusSeconds(200), Duration.ofSeconds(120)), "a stale claim is taken over");
        jobs.finishWebhook("trip-1", Map.of(JobAttributes.WEBHOOK, "DELIVERED"));
        assertFalse(jobs.claimWebhook("trip-1", "r", T0.plusSeconds(999), Duration.ofSeconds(120)), "never after it is finished");
        assertEquals(java.util.List.of(), jobs.findPending(JobRepository.Pending.WEBHOOK, T0.plusSeconds(999), 10));
    }

    // ---- the intent-named writes: what each records, and that the guarded ones keep their guard ----

    private static final VideoService.StoredVideo VIDEO = new VideoService.StoredVideo("videos/trip-1.mp4", 1234L, 6.5);

    private Job job() {
        return jobs.find("trip-1").orElseThrow();
    }

    @Test
    void markWaitingForUploads_markExecutionStarted_markValidating_moveOrFlagTheJob() {
        jobs.markWaitingForUploads("trip-1", T0.plusSeconds(1));
        assertEquals(JobStatus.WAITING_FOR_UPLOADS, job().status());
        assertFalse(job().executionStarted());
        jobs.markExecutionStarted("trip-1");
        assertTrue(job().executionStarted());
        assertEquals(JobStatus.VALIDATING, jobs.markValidating("trip-1", T0.plusSeconds(2)).status());
        assertThrows(JobStateConflictException.class, () -> jobs.markExecutionStarted("nope-1"));
    }

    @Test
    void recordValidation_writesTheInputsAndOptions_andLeavesAbsentOnesOut() {
        java.util.List<InputFile> inputs = java.util.List.of(
                new InputFile("uploads/trip/a.jpg", "a.jpg", InputFile.Kind.IMAGE, "jpeg", 10),
                new InputFile("uploads/trip/m.mp3", "m.mp3", InputFile.Kind.AUDIO, "mp3", 20));
        jobs.recordValidation("trip-1", new JobRepository.Validation(inputs, 1, true, "make a video", "de", null, "ffmpeg", false,
                "job.json asks for renderer ffmpeg", "9:16", 2.5, "make a video", "https://hooks.example.com/p"), T0.plusSeconds(3));

        Job job = job();
        assertEquals(JobStatus.VALIDATING, job.status());
        assertEquals(inputs, job.inputs());
        assertEquals(1, job.imageCount());
        assertTrue(job.hasMusic());
        assertEquals("make a video", job.instruction());
        assertEquals("de", job.language());
        assertEquals("ffmpeg", job.renderer());
        assertFalse(job.fallback());
        assertEquals("job.json asks for renderer ffmpeg", job.rendererReason());
        assertEquals("9:16", job.aspectRatio());
        assertEquals(2.5, job.secondsPerImage());
        assertEquals("make a video", job.userInstruction());
        assertEquals("https://hooks.example.com/p", job.callbackUrl());
        assertFalse(job.attributes().containsKey(JobAttributes.TITLE), "an absent title is not written");
    }

    @Test
    void recordCredits_writesInTheStatusAsRead_andFailsWhenTheJobMovedOnSince() {
        Job read = job();
        jobs.recordCredits(read, 100, T0.plusSeconds(1));
        assertEquals(100L, job().creditsAvailable());
        assertEquals(JobStatus.RECEIVED, job().status());

        jobs.markValidating("trip-1", T0.plusSeconds(2));
        assertThrows(JobStateConflictException.class, () -> jobs.recordCredits(read, 50, T0.plusSeconds(3)));
        assertEquals(100L, job().creditsAvailable());
    }

    @Test
    void recordSession_movesTheJobToUploading_withTheSession() {
        jobs.recordSession(job(), "s1", "t1", T0.plusSeconds(1));
        Job job = job();
        assertEquals(JobStatus.UPLOADING, job.status());
        assertEquals("s1", job.sessionId());
        assertEquals("t1", job.taskId());
        assertFalse(job.sessionRenewed());
        assertEquals(0, job.sessionRenewals());
    }

    @Test
    void recordRenewedSession_onAJobFurtherAlong_keepsItsStatus_andCountsTheRenewal() {
        jobs.recordSession(job(), "s1", "t1", T0.plusSeconds(1));
        jobs.recordRenderSubmitted("trip-1", "render_1", 5, "3 photos", T0.plusSeconds(2));

        jobs.recordRenewedSession(job(), "s2", "t2", "s1", 1, T0.plusSeconds(3));

        Job job = job();
        assertEquals(JobStatus.RENDERING, job.status(), "a renewal never moves the status back");
        assertEquals("s2", job.sessionId());
        assertEquals("t2", job.taskId());
        assertEquals("s1", job.lostSessionId());
        assertTrue(job.sessionRenewed());
        assertEquals(1, job.sessionRenewals());
    }

    @Test
    void recordSession_onAFinishedJob_fails() {
        jobs.markFailed("trip-1", "X", "failed", T0.plusSeconds(1));
        assertThrows(JobStateConflictException.class, () -> jobs.recordSession(job(), "s1", "t1", T0.plusSeconds(2)));
        assertEquals(null, job().sessionId());
    }

    @Test
    void markUploading_markEditing_onAJobFurtherAlong_changeNothing() {
        jobs.recordRenderSubmitted("trip-1", "render_1", 5, "3 photos", T0.plusSeconds(2));
        Instant updated = job().updatedAt();
        jobs.markUploading(job(), T0.plusSeconds(3));
        jobs.markEditing(job(), T0.plusSeconds(4));
        assertEquals(JobStatus.RENDERING, job().status());
        assertEquals(updated, job().updatedAt());
        assertEquals(null, job().enteredAt(JobStatus.UPLOADING));
    }

    @Test
    void markUploading_markEditing_recordDraft_moveTheJobForward() {
        jobs.markUploading(job(), T0.plusSeconds(1));
        assertEquals(T0.plusSeconds(1), job().enteredAt(JobStatus.UPLOADING));
        jobs.markEditing(job(), T0.plusSeconds(2));
        assertEquals(JobStatus.EDITING, job().status());
        jobs.recordDraft(job(), "3 photos, fades", T0.plusSeconds(3));
        assertEquals(JobStatus.EDITING, job().status());
        assertEquals("3 photos, fades", job().timelineSummary());
        assertEquals(T0.plusSeconds(2), job().enteredAt(JobStatus.EDITING));
    }

    @Test
    void recordUploads_recordStreamEnd_setAttributesOnly() {
        jobs.recordUploads("trip-1", 4, "multipart");
        jobs.recordStreamEnd("trip-1", "CLOSED_BY_SERVER");
        Job job = job();
        assertEquals(JobStatus.RECEIVED, job.status());
        assertEquals(4, job.uploadedFiles());
        assertEquals("multipart", job.uploadMode());
        assertEquals("CLOSED_BY_SERVER", job.streamEnd());
        assertThrows(JobStateConflictException.class, () -> jobs.recordStreamEnd("nope-1", "CLOSED_BY_SERVER"));
    }

    @Test
    void recordRenderSubmitted_thenProgress_andAStaleProgressLoses() {
        jobs.recordRenderSubmitted("trip-1", "render_1", 5, "3 photos", T0.plusSeconds(1));
        jobs.recordRenderProgress("trip-1", 40, T0.plusSeconds(2));
        Job job = job();
        assertEquals(JobStatus.RENDERING, job.status());
        assertEquals("render_1", job.renderId());
        assertEquals(40L, job.progress());
        assertEquals("3 photos", job.timelineSummary());

        jobs.markStoring("trip-1", T0.plusSeconds(3));
        assertThrows(JobStateConflictException.class, () -> jobs.recordRenderProgress("trip-1", 99, T0.plusSeconds(4)));
        assertEquals(40L, job().progress());
    }

    @Test
    void recordFfmpegRender_movesToRendering_orKeepsALaterStatus() {
        jobs.recordFfmpegRender(job(), "job.json asks for renderer ffmpeg", java.util.List.of("sepia", "slowly"), T0.plusSeconds(1));
        Job job = job();
        assertEquals(JobStatus.RENDERING, job.status());
        assertEquals(JobManifest.RENDERER_FFMPEG, job.renderer());
        assertEquals("job.json asks for renderer ffmpeg", job.rendererReason());
        assertEquals(java.util.List.of("sepia", "slowly"), job.ignoredWords());

        jobs.markStoring("trip-1", T0.plusSeconds(2));
        jobs.recordFfmpegRender(job(), "the vendor failed", java.util.List.of(), T0.plusSeconds(3));
        assertEquals(JobStatus.STORING, job().status(), "a fallback from Store Video never moves the status back");
        assertEquals("the vendor failed", job().rendererReason());
        assertEquals(java.util.List.of(), job().ignoredWords());
    }

    @Test
    void markStoring_recordVideo_recordTheCheckedVideo() {
        jobs.markStoring("trip-1", T0.plusSeconds(1));
        jobs.recordVideo("trip-1", VIDEO, T0.plusSeconds(2));
        Job job = job();
        assertEquals(JobStatus.STORING, job.status());
        assertEquals("videos/trip-1.mp4", job.videoKey());
        assertEquals(1234L, job.sizeBytes());
        assertEquals(6.5, job.durationSeconds());
        assertEquals(null, job.posterKey());
    }

    @Test
    void recordFfmpegVideo_recordsTheVideoTimelineAndPoster_whenThereIsOne() {
        jobs.recordFfmpegVideo("trip-1", VIDEO, "3 photos", null, T0.plusSeconds(1));
        assertEquals(JobStatus.STORING, job().status());
        assertEquals("3 photos", job().timelineSummary());
        assertFalse(job().attributes().containsKey(JobAttributes.POSTER_KEY));
        jobs.recordFfmpegVideo("trip-1", VIDEO, "3 photos", "videos/trip-1.jpg", T0.plusSeconds(2));
        assertEquals("videos/trip-1.jpg", job().posterKey());
        assertEquals("videos/trip-1.mp4", job().videoKey());
    }

    @Test
    void markCompleted_isFinal_andMarkFailedAfterItLoses() {
        Job done = jobs.markCompleted("trip-1", T0.plusSeconds(1));
        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(JobAttributes.NOTIFICATION_PENDING, done.notification());
        assertEquals(Optional.of(JobRepository.Pending.NOTIFY), done.pending());
        assertThrows(JobStateConflictException.class, () -> jobs.markFailed("trip-1", "X", "too late", T0.plusSeconds(2)));
        assertEquals(JobStatus.COMPLETED, job().status());
        assertEquals(null, job().errorCode());
    }

    @Test
    void markFailed_recordsTheError_andMarkCompletedAfterItLoses() {
        Job failed = jobs.markFailed("trip-1", "RENDER_FAILED", "the export failed", T0.plusSeconds(1));
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("RENDER_FAILED", failed.errorCode());
        assertEquals("the export failed", failed.errorMessage());
        assertEquals(JobAttributes.NOTIFICATION_PENDING, failed.notification());
        assertThrows(JobStateConflictException.class, () -> jobs.markCompleted("trip-1", T0.plusSeconds(2)));
        assertEquals(JobStatus.FAILED, job().status());
    }

    @Test
    void endRevision_onlyTheRunningVersion_andACompletedOneBecomesTheLatestCompleted() {
        jobs.markCompleted("trip-1", T0);
        assertTrue(jobs.claimRevision("trip-1", 2, T0));
        assertFalse(jobs.endRevision("trip-1", 3, true), "only the running version ends");
        assertTrue(jobs.endRevision("trip-1", 2, false));
        assertTrue(job().runningVersion().isEmpty());
        assertEquals(1, job().latestCompletedVersion(), "a failed revision is not the latest completed");
        assertFalse(jobs.endRevision("trip-1", 2, false), "ended once");

        assertTrue(jobs.claimRevision("trip-1", 3, T0.plusSeconds(1)));
        assertTrue(jobs.endRevision("trip-1", 3, true));
        assertEquals(3, job().latestCompletedVersion());
        assertEquals(3, job().latestVersion());
    }

    @Test
    void recordWebhookOutcome_recordsTheDelivery_andTakesTheJobOffThePendingIndex() {
        jobs.markCompleted("trip-1", T0);
        jobs.claimNotification("trip-1", "a", T0, Duration.ofSeconds(120));
        jobs.confirmNotification("trip-1", "a", "msg-1", T0.plusSeconds(1), true);

        jobs.recordWebhookOutcome("trip-1", new JobRepository.WebhookOutcome("FAILED", "trip-1:COMPLETED", 4,
                java.util.OptionalInt.of(500), "HTTP 500 (gave up after 4 attempts)"), T0.plusSeconds(2));

        Job job = job();
        assertEquals("FAILED", job.webhook());
        assertFalse(job.webhookPending());
        assertEquals("trip-1:COMPLETED", job.attributes().get(JobAttributes.WEBHOOK_EVENT_ID));
        assertEquals(4L, ((Number) job.attributes().get(JobAttributes.WEBHOOK_ATTEMPTS)).longValue());
        assertEquals(500L, ((Number) job.attributes().get(JobAttributes.WEBHOOK_LAST_STATUS)).longValue());
        assertEquals("HTTP 500 (gave up after 4 attempts)", job.attributes().get(JobAttributes.WEBHOOK_ERROR));
        assertEquals(Times.format(T0.plusSeconds(2)), job.attributes().get(JobAttributes.WEBHOOK_AT));
        assertTrue(job.pending().isEmpty());
        assertFalse(jobs.claimWebhook("trip-1", "r", T0.plusSeconds(999), Duration.ofSeconds(120)), "never after it is finished");
    }

    @Test
    void recordWebhookOutcome_withoutAStatusOrError_leavesThemOut() {
        jobs.markCompleted("trip-1", T0);
        jobs.recordWebhookOutcome("trip-1", new JobRepository.WebhookOutcome("DELIVERED", "trip-1:COMPLETED", 1,
                java.util.OptionalInt.empty(), null), T0.plusSeconds(2));
        Job job = job();
        assertEquals("DELIVERED", job.webhook());
        assertFalse(job.attributes().containsKey(JobAttributes.WEBHOOK_LAST_STATUS));
        assertFalse(job.attributes().containsKey(JobAttributes.WEBHOOK_ERROR));
    }
}
