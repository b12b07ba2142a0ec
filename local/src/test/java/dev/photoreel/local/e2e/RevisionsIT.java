package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.emulator.RenderFailure;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.render.MediaInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revisions over real HTTP on the local stack: a completed API job revised into v2 (409 while it runs, the
 * Idempotency-Key honoured, v2 a playable MP4 at videos/&lt;id&gt;/v2.mp4, v1 still served), a revision the vendor fails
 * (the earlier versions stay, its user told once), and a revision of an S3-drop job rendered by ffmpeg. One
 * notification per version.
 */
class RevisionsIT {

    private static final Path EXAMPLES = dev.photoreel.local.stack.StackOptions.findProjectRoot(Path.of("")).resolve("examples");

    private ApiClient api;

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
        api = new ApiClient(E2eStack.stack().apiUrl(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
    }

    @Test
    void apiJob_revisedIntoV2_thenAFailedV3_keepsEveryEarlierVersion_andNotifiesEachOnce() throws IOException {
        String jobId = completedApiJob();

        String key = "\"" + UUID.randomUUID() + "\"";
        ApiClient.Response revised = api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"slower, and the title 'Summer'\"}",
                Map.of("Idempotency-Key", key));
        assertEquals(202, revised.status(), revised::toString);
        assertEquals(2, revised.json().path("version").asInt());
        String v2Link = revised.json().path("links").path("video").asText();
        assertTrue(v2Link.endsWith("/jobs/" + jobId + "/video?version=2"), v2Link);
        ApiClient.Response replayed = api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"slower, and the title 'Summer'\"}",
                Map.of("Idempotency-Key", key));
        assertEquals(202, replayed.status(), replayed::toString);
        assertEquals("true", replayed.header("Idempotent-Replayed"));
        assertProblem(api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"faster\"}", Map.of()), 409, "version 2");
        assertProblem(api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"faster\", \"speed\": 2}", Map.of()), 400, "speed");

        JsonNode done = awaitVersion(jobId, 2);
        assertEquals("COMPLETED", done.path("versions").path(1).path("status").asText(), done::toString);
        assertEquals("slower, and the title 'Summer'", done.path("versions").path(1).path("instruction").asText());
        PhotoreelStack stack = E2eStack.stack();
        assertTrue(stack.aws().s3().headObject(b -> b.bucket(stack.bucket()).key("videos/" + jobId + "/v2.mp4")).contentLength() > 0);
        assertTrue(E2eJob.probe(video(jobId, "?version=2")).durationSeconds() > 0, "v2 is a playable MP4");
        assertTrue(E2eJob.probe(video(jobId, "?version=1")).durationSeconds() > 0, "v1 is still served");
        assertEquals(1, notifications(jobId, 2, "COMPLETED"));

        E2eStack.emulator().faults().renderFailure(RenderFailure.FAIL);
        assertEquals(3, api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"no music\"}", Map.of()).json().path("version").asInt());
        JsonNode failed = awaitVersion(jobId, 3);
        JsonNode v3 = failed.path("versions").path(2);
        assertEquals("FAILED", v3.path("status").asText(), failed::toString);
        assertEquals("RENDER_FAILED", v3.path("error").path("code").asText(), failed::toString);
        assertEquals("COMPLETED", failed.path("status").asText(), "the job keeps its videos");
        assertEquals(1, notifications(jobId, 3, "FAILED"));
        assertProblem(api.get("/jobs/" + jobId + "/video?version=3"), 404, "version 3");
        assertTrue(E2eJob.probe(video(jobId, "")).durationSeconds() > 0, "the default is the latest completed, v2");
        assertEquals(1, notifications(jobId, 1, "COMPLETED"));
        assertEquals(1, notifications(jobId, 2, "COMPLETED"));
    }

    @Test
    void s3DropJob_renderedByFfmpeg_isRevisableToo() throws IOException {
        E2eJob drop = E2eJob.named("revise-drop").photos("city", 2).manifest("{\"renderer\": \"ffmpeg\"}").upload();
        E2eJob.Outcome outcome = drop.awaitOutcome();
        assertEquals("COMPLETED", outcome.status(), () -> outcome.body().toString());
        String jobId = outcome.jobId();

        ApiClient.Response revised = api.post("/jobs/" + jobId + "/revisions", "{\"instruction\": \"slower, and the title 'Summer'\"}", Map.of());
        assertEquals(202, revised.status(), revised::toString);
        JsonNode done = awaitVersion(jobId, 2);

        assertEquals("COMPLETED", done.path("versions").path(1).path("status").asText(), done::toString);
        assertEquals("ffmpeg", done.path("renderer").asText());
        MediaInfo v1 = E2eJob.probe(video(jobId, "?version=1"));
        MediaInfo v2 = E2eJob.probe(video(jobId, "?version=2"));
        assertTrue(v2.durationSeconds() > v1.durationSeconds(), "slower: v2 " + v2.durationSeconds() + " s, v1 " + v1.durationSeconds() + " s");
        assertEquals(1, notifications(jobId, 2, "COMPLETED"));
        drop.assertInputsUntouched();
    }

    // ---------------------------------------------------------------- helpers

    private String completedApiJob() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("01-morning.jpg", E2eJob.read(EXAMPLES.resolve("seaside/01-morning.jpg")));
        files.put("02-midday.jpg", E2eJob.read(EXAMPLES.resolve("seaside/02-midday.jpg")));
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("instruction", "a warm summer video with soft transitions");
        body.put("title", "Revised");
        ArrayNode announced = body.putArray("files");
        files.forEach((name, content) -> announced.addObject().put("name", name).put("contentType", "image/jpeg").put("size", content.length));
        JsonNode job = api.post("/jobs", body.toString(), Map.of()).json();
        String jobId = job.path("jobId").asText();
        for (JsonNode upload : job.path("uploads")) {
            assertEquals(200, api.put(upload.path("url").asText(), files.get(upload.path("name").asText()), "image/jpeg").status());
        }
        assertEquals(202, api.post("/jobs/" + jobId + "/start", null, Map.of()).status());
        JsonNode done = E2eJob.poll(() -> finished(api.get("/jobs/" + jobId).json()), E2eJob.OUTCOME_TIMEOUT, "job " + jobId + " never finished");
        assertEquals("COMPLETED", done.path("status").asText(), done::toString);
        assertProblem(api.post("/jobs/api-doesnotexist/revisions", "{\"instruction\": \"slower\"}", Map.of()), 404, "api-doesnotexist");
        return jobId;
    }

    private static Optional<JsonNode> finished(JsonNode view) {
        String status = view.path("status").asText();
        return status.equals("COMPLETED") || status.equals("FAILED") ? Optional.of(view) : Optional.empty();
    }

    /** Polls the job until version {@code version} is final; the job is RUNNING until then. */
    private JsonNode awaitVersion(String jobId, int version) {
        return E2eJob.poll(() -> {
            JsonNode view = api.get("/jobs/" + jobId).json();
            JsonNode entry = view.path("versions").path(version - 1);
            String status = entry.path("status").asText();
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return Optional.of(view);
            }
            assertEquals("RUNNING", view.path("status").asText(), view::toString);
            return Optional.empty();
        }, E2eJob.OUTCOME_TIMEOUT, "version " + version + " of " + jobId + " never finished");
    }

    /** The notifications of one version (a second one would be queued by now). */
    private static int notifications(String jobId, int version, String status) {
        Predicate<NotificationInbox.Notification> match = n -> jobId.equals(n.body().path("jobId").asText())
                && n.body().path("version").asInt(1) == version && status.equals(n.body().path("status").asText());
        return E2eStack.inbox().awaitCount(match, 2, Duration.ofSeconds(3));
    }

    private byte[] video(String jobId, String query) {
        ApiClient.Response redirect = api.get("/jobs/" + jobId + "/video" + query);
        assertEquals(307, redirect.status(), redirect::toString);
        return api.download(redirect.header("Location"));
    }

    private static void assertProblem(ApiClient.Response response, int status, String mentions) {
        assertEquals(status, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("Content-Type"), response::toString);
        assertTrue(response.body().contains(mentions), () -> "the problem should mention " + mentions + ": " + response);
    }

}
