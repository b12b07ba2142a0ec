package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.render.MediaInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs API over real HTTP on the local stack: SigV4-signed requests, presigned PUTs, the workflow, the stable video link. */
class JobsApiIT {

    private static final Path EXAMPLES = dev.photoreel.local.stack.StackOptions.findProjectRoot(Path.of("")).resolve("examples");

    private ApiClient api;

    @BeforeEach
    void client() {
        E2eStack.resetVendor();
        PhotoreelStack stack = E2eStack.stack();
        api = new ApiClient(stack.apiUrl(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
    }

    @Test
    void createUploadStartPoll_thenTheVideoLinkRedirectsToAPlayableMp4() throws IOException {
        Map<String, byte[]> files = seaside();
        ApiClient.Response created = api.post("/jobs", createBody(files, "Seaside by API"), Map.of());
        assertEquals(201, created.status(), created::toString);
        JsonNode job = created.json();
        String jobId = job.path("jobId").asText();
        assertTrue(jobId.startsWith("api-"), jobId);
        assertEquals("CREATED", job.path("status").asText());
        assertEquals(api.get("/jobs/" + jobId).json().path("status").asText(), "CREATED");
        assertEquals(created.header("Location"), job.path("links").path("self").asText());
        uploadAll(job, files);

        ApiClient.Response started = api.post("/jobs/" + jobId + "/start", null, Map.of());
        assertEquals(202, started.status(), started::toString);

        List<Integer> progress = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        JsonNode done = E2eJob.poll(() -> {
            JsonNode view = api.get("/jobs/" + jobId).json();
            progress.add(view.path("progress").asInt());
            String stage = view.path("stage").asText();
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage)) {
                stages.add(stage);
            }
            String status = view.path("status").asText();
            return status.equals("COMPLETED") || status.equals("FAILED") ? Optional.of(view) : Optional.empty();
        }, E2eJob.OUTCOME_TIMEOUT, "job " + jobId + " never finished");
        assertEquals("COMPLETED", done.path("status").asText(), done::toString);
        assertEquals(100, done.path("progress").asInt());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress went down: " + progress);
        }
        List<String> order = List.of("VALIDATING", "UPLOADING", "EDITING", "RENDERING", "STORING", "COMPLETED");
        List<String> seen = stages.stream().filter(order::contains).toList();
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(order.indexOf(seen.get(i)) > order.indexOf(seen.get(i - 1)), "stages out of order: " + stages);
        }
        assertTrue(done.path("stages").has("COMPLETED") && done.path("stages").has("VALIDATING"), done::toString);
        assertFalse(done.path("timeline").asText().isBlank(), done::toString);
        JsonNode version = done.path("versions").path(0);
        assertEquals(1, version.path("version").asInt());
        String link = version.path("video").path("link").asText();
        assertEquals(api.get("/jobs/" + jobId).json().path("links").path("video").asText() + "?version=1", link);

        ApiClient.Response redirect = api.get(link.substring(E2eStack.stack().apiUrl().toString().length()));
        assertEquals(307, redirect.status(), redirect::toString);
        assertEquals("no-store", redirect.header("Cache-Control"));
        byte[] mp4 = api.download(redirect.header("Location"));
        assertEquals(version.path("video").path("sizeBytes").asLong(), mp4.length);
        MediaInfo info = E2eJob.probe(mp4);
        assertEquals("h264", info.videoCodec());
        assertEquals(1920, info.width());
        assertTrue(info.hasAudio(), "the uploaded music is in the video");

        JsonNode notification = E2eStack.inbox().await(n -> jobId.equals(n.body().path("jobId").asText()), Duration.ofSeconds(30))
                .orElseThrow().body();
        assertEquals(link.replace("?version=1", ""), notification.path("video").path("link").asText(), notification::toString);
    }

    @Test
    void idempotencyKey_sameBodyReplays_otherBodyIs422() {
        Map<String, byte[]> files = seaside();
        String key = "\"" + UUID.randomUUID() + "\"";
        ApiClient.Response first = api.post("/jobs", createBody(files, "once"), Map.of("Idempotency-Key", key));
        ApiClient.Response again = api.post("/jobs", createBody(files, "once"), Map.of("Idempotency-Key", key));
        assertEquals(201, first.status(), first::toString);
        assertEquals(201, again.status(), again::toString);
        assertEquals(first.json().path("jobId"), again.json().path("jobId"));
        assertEquals("true", again.header("Idempotent-Replayed"));

        ApiClient.Response other = api.post("/jobs", createBody(files, "another title"), Map.of("Idempotency-Key", key));
        assertProblem(other, 422, "Idempotency-Key");
        ApiClient.Response otherCaller = new ApiClient(E2eStack.stack().apiUrl(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY)
                .post("/jobs", createBody(files, "once"), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertNotEquals(first.json().path("jobId"), otherCaller.json().path("jobId"), "a new key makes a new job");
    }

    @Test
    void start_refusesMissingAndMislabelledFiles_namingEach_thenStartsOnce() {
        Map<String, byte[]> files = seaside();
        JsonNode job = api.post("/jobs", createBody(files, "checks"), Map.of()).json();
        String jobId = job.path("jobId").asText();
        // the first image is uploaded as announced; the second never; the music file is an image in disguise
        JsonNode uploads = job.path("uploads");
        List<String> names = new ArrayList<>(files.keySet());
        assertEquals(200, api.put(uploads.path(0).path("url").asText(), files.get(names.get(0)), "image/jpeg").status());
        byte[] disguised = java.util.Arrays.copyOf(files.get(names.get(0)), files.get("music.mp3").length);
        assertEquals(200, api.put(uploads.path(2).path("url").asText(), disguised, "audio/mpeg").status());

        ApiClient.Response refused = api.post("/jobs/" + jobId + "/start", null, Map.of());
        JsonNode problem = assertProblem(refused, 400, names.get(1));
        String errors = problem.path("errors").toString();
        assertTrue(errors.contains("missing"), errors);
        assertTrue(errors.contains("music.mp3") && errors.contains("is not audio/mpeg"), errors);
        assertEquals("CREATED", api.get("/jobs/" + jobId).json().path("status").asText());

        assertEquals(200, api.put(uploads.path(1).path("url").asText(), files.get(names.get(1)), "image/jpeg").status());
        assertEquals(200, api.put(uploads.path(2).path("url").asText(), files.get("music.mp3"), "audio/mpeg").status());
        assertEquals(202, api.post("/jobs/" + jobId + "/start", null, Map.of()).status());
        assertProblem(api.post("/jobs/" + jobId + "/start", null, Map.of()), 409, "started already");
    }

    @Test
    void badRequests_areProblemJson_neverA500() {
        ApiClient.Response unknownField = api.post("/jobs", "{\"files\": [{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 10}],"
                + " \"aspectRatio\": \"4:3\", \"colour\": \"red\"}", Map.of());
        JsonNode problem = assertProblem(unknownField, 400, "schema");
        String errors = problem.path("errors").toString();
        assertTrue(errors.contains("aspectRatio") && errors.contains("colour"), errors);
        assertProblem(api.post("/jobs", "not json", Map.of()), 400, "not JSON");
        assertProblem(api.post("/jobs", "{\"files\": [{\"name\": \"a.mp3\", \"contentType\": \"audio/mpeg\", \"size\": 10}]}", Map.of()),
                400, "announced files");
        assertProblem(api.get("/jobs/api-doesnotexist"), 404, "api-doesnotexist");
        assertProblem(api.get("/jobs/api-doesnotexist/video"), 404, "api-doesnotexist");
        assertProblem(api.post("/jobs/api-doesnotexist/start", null, Map.of()), 404, "api-doesnotexist");
        assertProblem(api.get("/jobs?limit=1000"), 400, "query");
        assertProblem(api.get("/jobs?status=DONE"), 400, "query");
    }

    @Test
    void unsignedOrWronglySignedRequests_areRefusedByTheGateway() {
        ApiClient.Response unsigned = api.unsigned("GET", "/jobs", null);
        assertEquals(403, unsigned.status(), unsigned::toString);
        assertTrue(unsigned.body().contains("Missing Authentication Token"), unsigned::toString);
        ApiClient.Response wrongSecret = new ApiClient(E2eStack.stack().apiUrl(), LocalAws.ACCESS_KEY, "not-the-secret").get("/jobs");
        assertEquals(403, wrongSecret.status(), wrongSecret::toString);
        assertTrue(wrongSecret.body().contains("signature"), wrongSecret::toString);
        ApiClient.Response unknownKey = new ApiClient(E2eStack.stack().apiUrl(), "someone-else", LocalAws.SECRET_KEY).get("/jobs");
        assertEquals(403, unknownKey.status(), unknownKey::toString);
    }

    @Test
    void listing_isNewestFirst_withASignedCursor_thatRefusesTampering() {
        String older = api.post("/jobs", createBody(seaside(), "older"), Map.of()).json().path("jobId").asText();
        String newer = api.post("/jobs", createBody(seaside(), "newer"), Map.of()).json().path("jobId").asText();
        JsonNode page = api.get("/jobs?limit=1&status=CREATED").json();
        assertEquals(newer, page.path("jobs").path(0).path("jobId").asText(), page::toString);
        String next = page.path("next").asText();
        assertFalse(next.isEmpty(), page::toString);
        JsonNode second = api.get("/jobs?limit=1&status=CREATED&next=" + next).json();
        assertEquals(older, second.path("jobs").path(0).path("jobId").asText(), second::toString);

        char last = next.charAt(next.length() - 1);
        // 'A' and 'E' differ in the last character's data bits ('A' and 'B' only in its unused ones)
        String tampered = next.substring(0, next.length() - 1) + (last == 'A' ? 'E' : 'A');
        assertProblem(api.get("/jobs?limit=1&status=CREATED&next=" + tampered), 400, "cursor");
        assertProblem(api.get("/jobs?limit=1&status=RUNNING&next=" + next), 400, "cursor");
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode assertProblem(ApiClient.Response response, int status, String mentions) {
        assertEquals(status, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("Content-Type"), response::toString);
        JsonNode problem = response.json();
        assertEquals(status, problem.path("status").asInt(), response::toString);
        assertNotNull(problem.path("type").textValue());
        assertNotNull(problem.path("title").textValue());
        assertTrue(response.body().contains(mentions), () -> "the problem should mention " + mentions + ": " + response);
        return problem;
    }

    private static Map<String, byte[]> seaside() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("01-morning.jpg", E2eJob.read(EXAMPLES.resolve("seaside/01-morning.jpg")));
        files.put("02-midday.jpg", E2eJob.read(EXAMPLES.resolve("seaside/02-midday.jpg")));
        files.put("music.mp3", E2eJob.read(EXAMPLES.resolve("music/summer-chords.mp3")));
        return files;
    }

    private static String createBody(Map<String, byte[]> files, String title) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("instruction", "a warm summer video with soft transitions");
        body.put("title", title);
        ArrayNode announced = body.putArray("files");
        files.forEach((name, content) -> announced.addObject().put("name", name)
                .put("contentType", name.endsWith(".mp3") ? "audio/mpeg" : "image/jpeg").put("size", content.length));
        return body.toString();
    }

    private void uploadAll(JsonNode job, Map<String, byte[]> files) {
        for (JsonNode upload : job.path("uploads")) {
            assertEquals("PUT", upload.path("method").asText());
            String contentType = upload.path("headers").path("Content-Type").asText();
            ApiClient.Response put = api.put(upload.path("url").asText(), files.get(upload.path("name").asText()), contentType);
            assertEquals(200, put.status(), put::toString);
        }
    }

}
