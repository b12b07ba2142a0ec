package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.api.ApiProblem;
import dev.photoreel.workflow.api.JobsApiService;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.InMemoryApiStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revisions end to end over the services: the API's claim and 409s, version numbering, the revision item's outcome
 * ending the revision on its job, one notification per version (also through the guard and the reconciler), the
 * stream's replay after a lost session, and the stable links per version.
 */
class RevisionsTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BASE = "https://api.example/v1";

    private final Fixture f = new Fixture();
    private final JobsApiService api = new JobsApiService(f.jobs, f.media,
            (key, type, length, expiry) -> URI.create("https://s3.example/" + key + "?put"),
            f.executions, new InMemoryApiStore(f.jobs), f.config, f.clock, () -> "api-unused");
    private String jobId;

    @BeforeEach
    void completedVendorJob() {
        jobId = f.jobIn(JobStatus.VALIDATING);
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.SESSION_ID, "session-1", JobAttributes.TASK_ID, "task-1",
                JobAttributes.RENDERER, "nemovideo", JobAttributes.USER_INSTRUCTION, "fast, \"Coast\""));
        f.jobs.recordVideo(jobId, new VideoService.StoredVideo("videos/" + jobId + ".mp4", 1000, 6.0), f.now());
        f.outcomes().complete(jobId);
        f.notifications().notify(jobId, "notify-v1");
        f.notifier.messages.clear();
    }

    private static JsonNode body(String instruction) {
        return JSON.createObjectNode().put("instruction", instruction);
    }

    private JsonNode revise(String instruction) {
        return api.revise(jobId, body(instruction), BASE);
    }

    /** What Store Video and Complete Job do for a revision item. */
    private void completeRevision(int version) {
        String revisionId = Revisions.revisionId(jobId, version);
        Job revision = f.jobs.find(revisionId).orElseThrow();
        f.jobs.recordVideo(revisionId, new VideoService.StoredVideo(Revisions.videoKey(f.config.videosPrefix(), revision), 2000, 9.0),
                f.now());
        f.outcomes().complete(revisionId);
    }

    @Test
    void revise_claimsVersion2_andStartsTheExecutionNamedRevision2_inTheJobsSession() throws Exception {
        JsonNode response = revise("slower, and the title 'Summer'");

        assertEquals(2, response.path("version").asInt());
        assertEquals("RUNNING", response.path("status").asText());
        assertEquals(BASE + "/jobs/" + jobId + "/video?version=2", response.path("links").path("video").asText());
        String execution = jobId + "-r2";
        assertEquals(List.of(execution), f.executions.executions.keySet().stream().filter(n -> n.startsWith(jobId + "-")).toList());
        JsonNode input = JSON.readTree(f.executions.executions.get(execution));
        assertEquals(execution, input.path("jobId").asText(), "the steps work on the revision item");
        assertEquals(jobId, input.path("revision").path("jobId").asText());
        assertEquals(2, input.path("revision").path("version").asInt());
        assertEquals("session-1", input.path("vendor").path("sessionId").asText(), "the same session and draft");
        assertEquals("nemovideo", input.path("validation").path("renderer").asText());

        Job revision = f.jobs.find(execution).orElseThrow();
        assertEquals(jobId, revision.rootJobId());
        assertEquals("slower, and the title 'Summer'", revision.instruction());
        assertEquals(List.of(f.jobs.find(jobId).orElseThrow().instruction()), revision.instructionHistory());
        assertEquals("videos/" + jobId + "/v2.mp4", Revisions.videoKey("videos/", revision));
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.COMPLETED, job.status(), "the job keeps its video while the revision runs");
        assertEquals(Optional.of(2), job.runningVersion());
    }

    @Test
    void revise_whileARevisionRuns_is409_andAfterItCompletes_makesVersion3FromVersion2() {
        revise("slower");
        ApiProblem busy = assertThrows(ApiProblem.class, () -> revise("faster"));
        assertEquals(409, busy.status());
        assertTrue(busy.detail().contains("version 2"), busy.detail());
        assertEquals(2, f.executions.executions.keySet().stream().filter(n -> n.startsWith(jobId)).count(), "no second execution");

        completeRevision(2);
        Job job = f.jobs.find(jobId).orElseThrow();
        assertTrue(job.runningVersion().isEmpty(), "the completed revision ended on the job");
        assertEquals(2L, job.latestCompletedVersion());

        assertEquals(3, revise("add the title \"Summer\"").path("version").asInt());
        Job third = f.jobs.find(jobId + "-r3").orElseThrow();
        assertEquals(List.of(job.instruction(), "slower"), third.instructionHistory(), "the draft's instructions, in order");
        assertEquals(List.of("fast, \"Coast\"", "slower", "add the title \"Summer\""), third.plainInstructions());
    }

    @Test
    void revise_refusesARunningJob_aFailedJob_andAnUnknownOne_sayingWhatToDo() {
        f.media.put("uploads/other/a.jpg", dev.photoreel.workflow.testing.Samples.jpeg());
        String running = f.receivedJob("other", "a.jpg");
        f.jobs.force(running, JobStatus.RENDERING);
        ApiProblem notYet = assertThrows(ApiProblem.class, () -> api.revise(running, body("slower"), BASE));
        assertEquals(409, notYet.status());
        assertTrue(notYet.detail().contains("wait until"), notYet.detail());

        f.jobs.put(running, JobAttributes.STATUS, "FAILED");
        f.jobs.put(running, JobAttributes.ERROR_CODE, "VENDOR_UNAVAILABLE");
        ApiProblem failed = assertThrows(ApiProblem.class, () -> api.revise(running, body("slower"), BASE));
        assertEquals(409, failed.status());
        assertTrue(failed.detail().contains("create a new job"), failed.detail());

        assertEquals(404, assertThrows(ApiProblem.class, () -> api.revise("nope-1", body("slower"), BASE)).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> api.revise(jobId, JSON.createObjectNode().put("instruction", "x")
                .put("speed", 2), BASE)).status(), "unknown fields are refused");
        assertEquals(400, assertThrows(ApiProblem.class, () -> api.revise(jobId, body("   "), BASE)).status(), "a blank instruction");
        assertEquals(400, assertThrows(ApiProblem.class, () -> api.revise(jobId, body("x".repeat(2001)), BASE)).status());
        assertFalse(f.executions.executions.containsKey(jobId + "-r2"));
    }

    @Test
    void aFailedRevision_keepsVersion1_isNotifiedOnce_andTheJobCanBeRevisedAgain() {
        revise("slower");
        String revisionId = jobId + "-r2";
        f.outcomes().fail(revisionId, "dev.photoreel.workflow.exceptions.DraftNotReadyException",
                "{\"errorMessage\":\"the editor produced no exportable draft\"}");
        f.notifications().notify(revisionId, "notify");
        f.notifications().notify(revisionId, "notify-retry");

        assertEquals(1, f.notifier.messages.size());
        JsonNode message = read(f.notifier.messages.get(0).body());
        assertEquals(jobId, message.path("jobId").asText());
        assertEquals(2, message.path("version").asInt());
        assertEquals("FAILED", message.path("status").asText());
        assertTrue(f.notifier.messages.get(0).subject().contains("version 2"));

        JsonNode view = api.view(jobId, BASE);
        assertEquals("COMPLETED", view.path("status").asText(), "version 1 still stands");
        assertEquals("COMPLETED", view.path("versions").path(0).path("status").asText());
        assertEquals("FAILED", view.path("versions").path(1).path("status").asText());
        assertFalse(view.path("versions").path(1).path("error").path("message").asText().isBlank());
        assertTrue(api.videoUrl(jobId, Optional.empty()).toString().contains(encoded("videos/" + jobId + ".mp4")), "the default is version 1");
        assertEquals(404, assertThrows(ApiProblem.class, () -> api.videoUrl(jobId, Optional.of("2"))).status());

        assertEquals(3, revise("slower").path("version").asInt(), "revisable again; the failed version keeps its number");
    }

    @Test
    void view_whileARevisionRuns_isRunningWithTheRevisionsStage_andListsEveryVersion() {
        revise("slower");
        f.jobs.transition(jobId + "-r2", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 50), f.now());

        JsonNode view = api.view(jobId, BASE);
        assertEquals("RUNNING", view.path("status").asText());
        assertEquals("RENDERING", view.path("stage").asText());
        assertEquals(60, view.path("progress").asInt());
        assertEquals(2, view.path("version").asInt());
        assertEquals(2, view.path("versions").size());
        assertEquals("RUNNING", view.path("versions").path(1).path("status").asText());
        assertEquals("slower", view.path("versions").path(1).path("instruction").asText());
        assertTrue(view.path("versions").path(1).path("video").isMissingNode());

        completeRevision(2);
        JsonNode done = api.view(jobId, BASE);
        assertEquals("COMPLETED", done.path("status").asText());
        assertEquals(BASE + "/jobs/" + jobId + "/video?version=2", done.path("versions").path(1).path("video").path("link").asText());
        assertEquals(2000, done.path("versions").path(1).path("video").path("sizeBytes").asLong());
    }

    @Test
    void videoUrl_servesEachCompletedVersion_theLatestByDefault_and404sTheOthers() {
        revise("slower");
        completeRevision(2);

        assertTrue(api.videoUrl(jobId, Optional.of("1")).toString().contains(encoded("videos/" + jobId + ".mp4")));
        assertTrue(api.videoUrl(jobId, Optional.of("2")).toString().contains(encoded("videos/" + jobId + "/v2.mp4")));
        assertTrue(api.videoUrl(jobId, Optional.empty()).toString().contains(encoded("videos/" + jobId + "/v2.mp4")));
        assertEquals(404, assertThrows(ApiProblem.class, () -> api.videoUrl(jobId, Optional.of("3"))).status());
        assertEquals(400, assertThrows(ApiProblem.class, () -> api.videoUrl(jobId, Optional.of("two"))).status());
    }

    @Test
    void eachVersion_isNotifiedOnce_withItsOwnStableLink() {
        NotificationService notifications = new NotificationService(f.jobs, f.media, f.notifier, f.config, f.clock, BASE, f.webhooks());
        revise("slower");
        completeRevision(2);
        notifications.notify(jobId + "-r2", "notify");
        notifications.notify(jobId + "-r2", "guard");

        assertEquals(1, f.notifier.messages.size());
        JsonNode message = read(f.notifier.messages.get(0).body());
        assertEquals(jobId, message.path("jobId").asText());
        assertEquals(2, message.path("version").asInt());
        assertEquals(BASE + "/jobs/" + jobId + "/video?version=2", message.path("video").path("link").asText());
        assertEquals("videos/" + jobId + "/v2.mp4", message.path("video").path("key").asText());
        assertEquals(Map.of("status", "COMPLETED", "jobId", jobId, "version", "2"), f.notifier.messages.get(0).attributes());
    }

    @Test
    void guard_onAFailedRevisionExecution_failsTheVersion_notifiesOnce_andEndsTheRevision() {
        revise("slower");
        String execution = jobId + "-r2";
        GuardService.ExecutionEnded ended = new GuardService.ExecutionEnded("arn:aws:states:::execution:photoreel:" + execution,
                execution, "TIMED_OUT", f.executions.executions.get(execution), null);

        GuardService.GuardResult first = f.guard().onExecutionEnded(ended, "guard-1");
        GuardService.GuardResult again = f.guard().onExecutionEnded(ended, "guard-2");

        assertEquals(execution, first.jobId());
        assertEquals(GuardService.GuardResult.Action.NOTIFIED, first.action());
        assertEquals(GuardService.GuardResult.Action.ALREADY_SETTLED, again.action());
        assertEquals(1, f.notifier.messages.size());
        assertEquals(JobStatus.FAILED, f.jobs.find(execution).orElseThrow().status());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.COMPLETED, job.status(), "the job and version 1 stay completed");
        assertTrue(job.runningVersion().isEmpty());
    }

    @Test
    void guard_findsTheRevisionByItsExecutionName_whenTheInputIsMissing() {
        revise("slower");
        String execution = jobId + "-r2";
        GuardService.GuardResult result = f.guard().onExecutionEnded(new GuardService.ExecutionEnded("arn", execution, "ABORTED", null, null),
                "guard");
        assertEquals(execution, result.jobId());
        assertEquals(JobStatus.FAILED, f.jobs.find(execution).orElseThrow().status());
        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
    }

    @Test
    void reconciler_failsAStuckRevision_notifiesItOnce_andEndsTheRevision_leavingVersion1() {
        ReconcileService.Settings settings = new ReconcileService.Settings(Duration.ofMinutes(15), Duration.ofHours(3),
                Duration.ofMinutes(10), 100);
        revise("slower");
        f.advance(Duration.ofHours(4));

        ReconcileService.Report report = f.reconciler(settings).reconcile("reconciler");
        ReconcileService.Report again = f.reconciler(settings).reconcile("reconciler-2");

        assertEquals(1, report.stuckJobsFailed());
        assertEquals(0, again.stuckJobsFailed() + again.notificationsSent());
        assertEquals(1, f.notifier.messages.size());
        assertEquals(2, read(f.notifier.messages.get(0).body()).path("version").asInt());
        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
        assertTrue(f.jobs.find(jobId).orElseThrow().runningVersion().isEmpty());
    }

    @Test
    void aRevisionThatEndedWithoutReleasingTheJob_isEndedByTheNextRequest() {
        revise("slower");
        // Complete Job's transition went through, and the Lambda died before the release
        String revisionId = jobId + "-r2";
        f.jobs.transition(revisionId, JobStatus.COMPLETED, Map.of(JobAttributes.VIDEO_KEY, "videos/" + jobId + "/v2.mp4"), f.now());
        assertEquals(Optional.of(2), f.jobs.find(jobId).orElseThrow().runningVersion());

        assertEquals(3, revise("faster").path("version").asInt());
        assertEquals(2L, f.jobs.find(jobId).orElseThrow().latestCompletedVersion());
    }

    @Test
    void aRequestThatDiedAfterTheClaim_isFinishedByTheNext_withTheSameVersion() {
        Instant longAgo = f.now().minus(JobsApiService.ABANDONED_CLAIM_AFTER).minusSeconds(1);
        assertTrue(f.jobs.claimRevision(jobId, 2, longAgo), "the first request claimed v2 and died");

        assertEquals(2, revise("slower").path("version").asInt());
        assertTrue(f.executions.executions.containsKey(jobId + "-r2"));
        assertTrue(f.jobs.find(jobId + "-r2").orElseThrow().executionStarted());
    }

    @Test
    void aSecondRequest_whileTheFirstIsBetweenItsClaimAndItsExecution_gets409_andStartsNothing() {
        assertTrue(f.jobs.claimRevision(jobId, 2, f.now()), "the first request claimed v2 and is still creating it");

        ApiProblem conflict = assertThrows(ApiProblem.class, () -> revise("faster"));
        assertEquals(409, conflict.status());
        assertTrue(conflict.getMessage().contains("another request"), conflict.getMessage());
        assertFalse(f.executions.executions.containsKey(jobId + "-r2"), "the second request must not start the first one's version");
        assertTrue(f.jobs.find(jobId + "-r2").isEmpty(), "nor create its item with its own instruction");
    }

    @Test
    void streamInstruction_ofARevision_inARenewedSession_replaysTheEarlierInstructionsFirst() {
        revise("slower");
        completeRevision(2);
        revise("add the title \"Summer\"");
        String third = jobId + "-r3";
        EditingService editing = f.editing();

        editing.streamInstruction(third, "session-1", f.now().plusSeconds(60));
        assertEquals(List.of("add the title \"Summer\""), f.vendor.instructions, "the same session holds the earlier edits");

        f.vendor.instructions.clear();
        f.jobs.setAttributes(third, Map.of(JobAttributes.SESSION_ID, "session-2", JobAttributes.SESSION_RENEWALS, 1));
        editing.streamInstruction(third, "session-2", f.now().plusSeconds(60));
        assertEquals(List.of(f.jobs.find(jobId).orElseThrow().instruction(), "slower", "add the title \"Summer\""),
                f.vendor.instructions, "a new session gets the job's instruction, then each revision's, in order");
    }

    @Test
    void anFfmpegJobsRevision_rendersWithFfmpegAgain() throws Exception {
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.RENDERER, "ffmpeg"));
        revise("slower");
        JsonNode input = JSON.readTree(f.executions.executions.get(jobId + "-r2"));
        assertEquals("ffmpeg", input.path("validation").path("renderer").asText());
        assertTrue(input.path("vendor").isMissingNode(), "no vendor session for the ffmpeg backend");
    }

    @Test
    void ffmpegPlan_ofARevision_readsEveryInstructionInOrder_theLaterWinning() {
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.RENDERER, "ffmpeg", JobAttributes.TITLE, "Coast"));
        revise("slower, and the title 'Summer'");

        FfmpegVideoService.FfmpegPlan plan = FfmpegVideoService.FfmpegPlan.of(f.jobs.find(jobId + "-r2").orElseThrow());
        FfmpegVideoService.FfmpegPlan original = FfmpegVideoService.FfmpegPlan.of(f.jobs.find(jobId).orElseThrow());

        assertEquals("Summer", plan.title(), "the revision's title wins over job.json's");
        assertEquals("Coast", original.title());
        assertEquals(original.secondsPerImage() * 1.5 / 0.6, plan.secondsPerImage(), 1e-9, "slower replaces the job's fast");
    }

    /** How the fake store writes a key into its signed URL. */
    private static String encoded(String key) {
        return java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
