package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every step handler, driven with the sample events and fakes the way the state machine drives them:
 * each result stored at its ResultPath in the state the next step receives.
 */
class WorkflowHandlersTest {

    private final Fixture f = new Fixture(Map.of("POLL_INTERVAL_SECONDS", "1", "MEDIA_BUCKET", "photoreel-123456789012-media"));

    private String uploadTrip() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/b.png", Samples.png())
                .put("uploads/trip/song.mp3", Samples.mp3())
                .put("uploads/trip/job.json", "{\"title\": \"Trip\", \"aspectRatio\": \"9:16\"}");
        return f.receivedJob("trip", "a.jpg", "b.png", "song.mp3", "job.json");
    }

    private static JsonNode step(ObjectNode state, String resultPath, RequestStreamHandler handler) {
        JsonNode result = Events.invoke(handler, state);
        state.set(resultPath, result);
        return result;
    }

    @Test
    void happyPath_throughEveryHandler_storesTheVideoAndNotifiesOnce() {
        String jobId = uploadTrip();
        ObjectNode state = Events.forJob("check-uploads.json", jobId);
        state.put("prefix", "uploads/trip/");

        assertTrue(step(state, "uploads", new CheckUploadsHandler(f.intake(), f.metrics)).path("settled").asBoolean());
        assertEquals(2, step(state, "validation", new ValidateJobHandler(f.validation(), f.metrics)).path("images").asInt());
        JsonNode auth = step(state, "auth", new AuthenticateVendorHandler(f.editing(), f.metrics));
        assertEquals(100, auth.path("creditsAvailable").asInt());
        assertFalse(auth.toString().contains("nmv_usr"), "the token never appears in a payload");
        assertEquals("123456789", step(state, "vendor", new CreateSessionHandler(f.editing(), f.metrics)).path("sessionId").asText());
        assertEquals(3, step(state, "upload", new UploadMediaHandler(f.editing(), f.metrics)).path("files").asInt());
        JsonNode draft = step(state, "draft", new StreamInstructionHandler(f.editing(), Duration.ofSeconds(30), f.clock, f.metrics));
        assertTrue(draft.path("ready").asBoolean(), "the stream step checks the draft once: ready, so no Check Draft step");
        assertEquals(1, draft.path("checks").asInt());
        assertEquals("CLOSED_BY_SERVER", f.jobs.find(jobId).orElseThrow().streamEnd());
        assertTrue(f.vendor.instructions.get(0).contains("in 9:16 vertical format"));
        JsonNode submitted = step(state, "render", new SubmitRenderHandler(f.render(), f.metrics));
        assertEquals(0, submitted.path("polls").asInt());

        URI cdn = URI.create("https://cdn.example/out.mp4");
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.PROCESSING, 60, null, null, null, null));
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, cdn.toString(), 8.0, 1L, null));
        f.downloads.put(cdn, Samples.mp4(8, 4096, false));
        assertFalse(step(state, "render", new CheckRenderHandler(f.render(), f.metrics)).path("complete").asBoolean());
        JsonNode done = step(state, "render", new CheckRenderHandler(f.render(), f.metrics));
        assertTrue(done.path("complete").asBoolean());
        assertEquals(2, done.path("polls").asInt());

        JsonNode video = step(state, "video", new StoreVideoHandler(f.video(), f.metrics));
        assertEquals("videos/" + jobId + ".mp4", video.path("key").asText());
        assertEquals(8.0, video.path("durationSeconds").asDouble());
        assertEquals("COMPLETED", step(state, "completion", new CompleteJobHandler(f.outcomes(), f.metrics)).path("status").asText());
        JsonNode notified = step(state, "notification", new NotifyUserHandler(f.notifications(), f.metrics));
        assertFalse(notified.path("alreadyNotified").asBoolean());
        assertTrue(Events.invoke(new NotifyUserHandler(f.notifications(), f.metrics), state).path("alreadyNotified").asBoolean());

        assertEquals(1, f.notifier.messages.size());
        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
        assertTrue(f.metrics.recorded.contains("jobCompleted"));
        assertTrue(f.metrics.recorded.contains("stage:StoreVideo"));
        assertTrue(f.media.writes.stream().noneMatch(k -> k.startsWith("uploads/")), "inputs are never modified");
    }

    @Test
    void validateJob_invalidUpload_throwsTheWorkflowExceptionUnwrapped() {
        f.media.put("uploads/trip/a.jpg", Samples.text());
        String jobId = f.receivedJob("trip", "a.jpg");
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.now());
        ObjectNode state = Events.forJob("validate-job.json", jobId);

        JobValidationException e = assertThrows(JobValidationException.class,
                () -> Events.invoke(new ValidateJobHandler(f.validation(), f.metrics), state));
        assertTrue(e.getMessage().contains("'a.jpg'"));
        assertTrue(f.vendor.calls.isEmpty());
    }

    @Test
    void failJob_sampleEvent_recordsCodeAndMessage_andNotifiesTheFailureOnce_alsoWhenRetried() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        ObjectNode state = Events.forJob("fail-job.json", jobId);

        JsonNode failure = step(state, "failure", new FailJobHandler(f.outcomes(), f.notifications(), f.metrics));
        assertEquals("FAILED", failure.path("status").asText());
        assertEquals("INVALID_INPUT", failure.path("code").asText());
        assertTrue(failure.path("message").asText().contains("notes.jpg"));
        assertTrue(failure.path("message").asText().contains("What to do"));
        assertFalse(failure.path("notification").path("alreadyNotified").asBoolean());

        JsonNode retried = Events.invoke(new FailJobHandler(f.outcomes(), f.notifications(), f.metrics), state);
        assertTrue(retried.path("notification").path("alreadyNotified").asBoolean());
        assertEquals(failure.path("message"), retried.path("message"));
        assertEquals(1, f.notifier.messages.size());
        assertEquals("FAILED", f.notifier.messages.get(0).attributes().get("status"));
        assertEquals("INVALID_INPUT", f.jobs.find(jobId).orElseThrow().errorCode());
        assertTrue(f.metrics.recorded.contains("jobFailed:INVALID_INPUT:USER"));
    }

    @Test
    void failJob_whenThePublishFails_leavesTheJobFailedWithItsNotificationPending_forTheRetryOrTheGuard() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        ObjectNode state = Events.forJob("fail-job.json", jobId);
        f.notifier.failNext(new IllegalStateException("SNS unavailable"));

        assertThrows(IllegalStateException.class, () -> Events.invoke(new FailJobHandler(f.outcomes(), f.notifications(), f.metrics), state));
        assertEquals(JobStatus.FAILED, f.jobs.find(jobId).orElseThrow().status());
        assertEquals(null, f.jobs.find(jobId).orElseThrow().notifiedAt());
        assertEquals(0, f.notifier.messages.size());

        assertFalse(Events.invoke(new FailJobHandler(f.outcomes(), f.notifications(), f.metrics), state)
                .path("notification").path("alreadyNotified").asBoolean());
        assertEquals("FAILED", f.notifier.messages.get(0).attributes().get("status"));
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void failJob_afterTheUploadsSettledChoiceEndedTheLoop_writesTheMessageFromTheState() {
        String jobId = f.jobIn(JobStatus.WAITING_FOR_UPLOADS);
        ObjectNode state = Events.forJob("fail-job.json", jobId);
        ((ObjectNode) state.path("uploads")).put("settled", false).put("checks", 120);
        state.putObject("error").put("Error", "dev.photoreel.workflow.exceptions.UploadsNeverSettledException")
                .put("Cause", "The uploads never settled within settings.maxUploadChecks checks.");

        JsonNode failure = Events.invoke(new FailJobHandler(f.outcomes(), f.notifications(), f.metrics), state);

        assertEquals("UPLOADS_NEVER_SETTLED", failure.path("code").asText());
        assertEquals("files kept arriving under uploads/summer-trip/ for 120 checks of 15 s; upload everything, then add job.json"
                + " (or stop uploading for 60 s) to start a job. What to do: upload all files, then add job.json last.",
                failure.path("message").asText());
        assertTrue(f.notifier.messages.get(0).body().contains("for 120 checks of 15 s"));
    }

    @Test
    void streamInstruction_stopsAtRemainingTimeMinusTheMargin() {
        String jobId = f.jobIn(JobStatus.UPLOADING);
        ObjectNode state = Events.forJob("stream-instruction.json", jobId);
        Events.invoke(new StreamInstructionHandler(f.editing(), Duration.ofSeconds(30), f.clock, f.metrics), state,
                new FakeContext(600_000));
        assertEquals(f.now().plusSeconds(570), f.vendor.instructionDeadline);
    }

    @Test
    void checkRender_reportsTheTimeSinceTheSubmitInTheState_forTheRenderFinishedChoice() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        ObjectNode state = Events.forJob("check-render.json", jobId);
        ((ObjectNode) state.path("settings")).put("pollIntervalSeconds", 30).put("renderTimeoutSeconds", 60);
        ((ObjectNode) state.path("render")).put("polls", 1).put("submittedAt", f.clock.millis() - 61_000);
        JsonNode render = Events.invoke(new CheckRenderHandler(f.render(), f.metrics), state);
        assertEquals(61, render.path("elapsedSeconds").asInt());
        assertEquals(2, render.path("polls").asInt());
    }

    @Test
    void checkRender_returnsTheNextPollFromTheProgress() throws Exception {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new dev.photoreel.nemo.RenderStatus("r", dev.photoreel.nemo.RenderStatus.State.PROCESSING, 60,
                null, null, null, null));
        ObjectNode state = Events.forJob("check-render.json", jobId);
        ((ObjectNode) state.path("render")).put("progress", 10).put("submittedAt", f.clock.millis() - 30_000);
        com.fasterxml.jackson.databind.JsonNode render = Events.invoke(new CheckRenderHandler(f.render(), f.metrics), state);
        assertEquals(2, render.path("polls").asInt());
        assertEquals(21, render.path("nextPollSeconds").asInt(), "60% after 30 s: done in 20 s more, polled a second after");
        assertEquals(f.clock.millis() - 30_000, render.path("submittedAt").asLong());
    }

    @Test
    void vendorError_isCountedAndRethrownUnchanged() {
        f.vendor.credits = new dev.photoreel.nemo.Credits(0, 0, 0);
        ObjectNode state = Events.forJob("authenticate-vendor.json", "x-1");
        assertThrows(dev.photoreel.nemo.exceptions.InsufficientCreditsException.class,
                () -> Events.invoke(new AuthenticateVendorHandler(f.editing(), f.metrics), state));
        assertTrue(f.metrics.recorded.contains("vendorError:InsufficientCreditsException"));
    }

    @Test
    void unknownFields_areIgnored() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        ObjectNode state = Events.forJob("create-session.json", jobId);
        state.put("somethingNew", Instant.EPOCH.toString());
        state.putObject("vendor").put("extra", 1);
        assertEquals("123456789", Events.invoke(new CreateSessionHandler(f.editing(), f.metrics), state).path("sessionId").asText());
    }

    /** Runs the steps up to Stream Instruction's draft check (ready); returns the state. */
    private ObjectNode stateAfterDraftReady(String jobId) {
        ObjectNode state = Events.forJob("check-uploads.json", jobId);
        state.put("prefix", "uploads/trip/");
        step(state, "uploads", new CheckUploadsHandler(f.intake(), f.metrics));
        step(state, "validation", new ValidateJobHandler(f.validation(), f.metrics));
        step(state, "auth", new AuthenticateVendorHandler(f.editing(), f.metrics));
        step(state, "vendor", new CreateSessionHandler(f.editing(), f.metrics));
        step(state, "upload", new UploadMediaHandler(f.editing(), f.metrics));
        step(state, "draft", new StreamInstructionHandler(f.editing(), Duration.ofSeconds(30), f.clock, f.metrics));
        return state;
    }

    /** Submit Render, two polls (the second complete), as the state machine runs them. */
    private void renderToCompletion(ObjectNode state) {
        step(state, "render", new SubmitRenderHandler(f.render(), f.metrics));
        URI cdn = URI.create("https://cdn.example/out.mp4");
        f.vendor.renderStatuses.clear();
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, cdn.toString(), 8.0, 1L, null));
        f.downloads.put(cdn, Samples.mp4(8, 4096, false));
        assertTrue(step(state, "render", new CheckRenderHandler(f.render(), f.metrics)).path("complete").asBoolean());
    }

    @Test
    void sessionLost_atSubmitRender_createSessionReplacesIt_uploadsEverythingAgain_andTheJobCompletes() {
        String jobId = uploadTrip();
        ObjectNode state = stateAfterDraftReady(jobId);
        String lost = state.path("vendor").path("sessionId").asText();
        f.vendor.lostSessions.add(lost);
        assertThrows(dev.photoreel.nemo.exceptions.SessionNotFoundException.class,
                () -> Events.invoke(new SubmitRenderHandler(f.render(), f.metrics), state));

        // Session Lost? -> Create Session (with $.vendor still the lost one) -> Upload Media -> ...
        JsonNode renewed = step(state, "vendor", new CreateSessionHandler(f.editing(), f.metrics));
        assertEquals(1, renewed.path("renewals").asInt());
        String second = renewed.path("sessionId").asText();
        assertFalse(second.equals(lost));
        assertEquals(second, f.jobs.find(jobId).orElseThrow().sessionId());
        assertEquals(3, step(state, "upload", new UploadMediaHandler(f.editing(), f.metrics)).path("files").asInt());
        assertEquals(java.util.List.of(lost, second), f.vendor.uploadSessionIds);
        assertTrue(step(state, "draft", new StreamInstructionHandler(f.editing(), Duration.ofSeconds(30), f.clock, f.metrics))
                .path("ready").asBoolean());
        renderToCompletion(state);
        step(state, "video", new StoreVideoHandler(f.video(), f.metrics));
        step(state, "completion", new CompleteJobHandler(f.outcomes(), f.metrics));
        step(state, "notification", new NotifyUserHandler(f.notifications(), f.metrics));

        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
        assertEquals(1, f.notifier.messages.size());
        assertTrue(f.notifier.messages.get(0).body().contains("COMPLETED"));
        assertFalse(state.has("error"), "the lost session never reaches $.error, so Notify Success reports success");
    }

    @Test
    void sessionLostAgain_renewalsCountUpFromTheState() {
        String jobId = uploadTrip();
        ObjectNode state = stateAfterDraftReady(jobId);
        for (int expected = 1; expected <= 2; expected++) {
            f.vendor.lostSessions.add(state.path("vendor").path("sessionId").asText());
            assertEquals(expected, step(state, "vendor", new CreateSessionHandler(f.editing(), f.metrics)).path("renewals").asInt());
        }
        assertEquals(3, f.vendor.sessionsCreated.get());
        assertEquals(2L, f.jobs.find(jobId).orElseThrow().sessionRenewals());
    }

    @Test
    void redrive_replayingStoreCompleteAndNotify_afterAFailureInTheMiddle_writesOneVideoAndSendsOneNotification() {
        String jobId = uploadTrip();
        ObjectNode state = stateAfterDraftReady(jobId);
        renderToCompletion(state);

        // first run: the video is stored, the job completed, then the SNS publish fails and
        // Notify Success (no Catch) fails the execution
        step(state, "video", new StoreVideoHandler(f.video(), f.metrics));
        step(state, "completion", new CompleteJobHandler(f.outcomes(), f.metrics));
        f.notifier.failNext(new IllegalStateException("SNS unavailable"));
        assertThrows(IllegalStateException.class,
                () -> Events.invoke(new NotifyUserHandler(f.notifications(), f.metrics), state));
        assertEquals(0, f.notifier.messages.size());

        // redrive, and the worst case of it: every step from Store Video runs again, each twice
        for (int i = 0; i < 2; i++) {
            assertEquals("videos/" + jobId + ".mp4", step(state, "video", new StoreVideoHandler(f.video(), f.metrics)).path("key").asText());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals("COMPLETED", step(state, "completion", new CompleteJobHandler(f.outcomes(), f.metrics)).path("status").asText());
        }
        assertFalse(step(state, "notification", new NotifyUserHandler(f.notifications(), f.metrics))
                .path("alreadyNotified").asBoolean());
        assertTrue(step(state, "notification", new NotifyUserHandler(f.notifications(), f.metrics))
                .path("alreadyNotified").asBoolean());

        assertEquals(1, f.media.writes.stream().filter(k -> k.startsWith("videos/")).count(), "one video object, written once");
        assertEquals(1, f.notifier.messages.size(), "one notification");
        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
    }

    @Test
    void redrive_ofAFailedJobsNotification_sendsTheFailureOnce() {
        String jobId = uploadTrip();
        ObjectNode state = stateAfterDraftReady(jobId);
        state.putObject("error").put("Error", "dev.photoreel.workflow.exceptions.RenderFailedException")
                .put("Cause", "{\"errorType\":\"x\",\"errorMessage\":\"the editor's export failed\"}");
        f.notifier.failNext(new IllegalStateException("SNS unavailable"));
        assertThrows(IllegalStateException.class,
                () -> Events.invoke(new FailJobHandler(f.outcomes(), f.notifications(), f.metrics), state));

        for (int i = 0; i < 2; i++) {
            step(state, "failure", new FailJobHandler(f.outcomes(), f.notifications(), f.metrics));
        }

        assertEquals(1, f.notifier.messages.size());
        assertEquals(JobStatus.FAILED, f.jobs.find(jobId).orElseThrow().status());
        assertEquals("RENDER_FAILED", f.jobs.find(jobId).orElseThrow().errorCode());
    }
}
