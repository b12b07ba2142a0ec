package dev.photoreel.workflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.InMemoryApiStore;
import dev.photoreel.workflow.testing.Samples;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobsApiServiceTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String BASE = "https://api.example/v1";

    private final Fixture f = new Fixture();
    private final List<String> presigned = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final JobsApiService service = new JobsApiService(f.jobs, f.media,
            (key, type, length, expiry) -> {
                presigned.add(key + "|" + type + "|" + length + "|" + expiry.toMinutes());
                return URI.create("https://s3.example/" + key + "?signed");
            },
            f.executions, new InMemoryApiStore(f.jobs), f.config, f.clock, () -> "api-" + ids.incrementAndGet());

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode createTwoFiles() {
        return service.create("user:a", json("{\"title\": \"Trip\", \"aspectRatio\": \"9:16\", \"files\": ["
                + "{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": " + Samples.jpeg().length + "},"
                + "{\"name\": \"b.png\", \"contentType\": \"image/png\", \"size\": " + Samples.png().length + "}]}"), BASE);
    }

    @Test
    void create_signsOnePutPerFile_underTheApiPrefix_andWritesTheSettingsAsJobJson() {
        JsonNode created = createTwoFiles();

        assertEquals("api-1", created.path("jobId").asText());
        assertEquals("CREATED", created.path("status").asText());
        assertEquals(List.of("api/api-1/a.jpg|image/jpeg|" + Samples.jpeg().length + "|15", "api/api-1/b.png|image/png|" + Samples.png().length + "|15"),
                presigned);
        assertEquals("image/png", created.path("uploads").path(1).path("headers").path("Content-Type").asText());
        assertEquals(BASE + "/jobs/api-1/start", created.path("links").path("start").asText());
        assertEquals(json("{\"title\": \"Trip\", \"aspectRatio\": \"9:16\"}"), json(new String(f.media.bytes("api/api-1/job.json"))));
        assertEquals(JobStatus.RECEIVED, f.jobs.find("api-1").orElseThrow().status());
        assertTrue(f.executions.executions.isEmpty(), "nothing starts before the files are there");
    }

    @Test
    void create_refusesUnknownFieldsAndBadValues_namingEachField() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> service.create("u", json("{\"files\": [{\"name\": \"a.jpg\","
                + " \"contentType\": \"image/tiff\", \"size\": 0}], \"speed\": 2, \"aspectRatio\": \"4:3\"}"), BASE));

        assertEquals(400, problem.status());
        String fields = problem.errors().toString();
        assertTrue(fields.contains("speed") && fields.contains("aspectRatio") && fields.contains("contentType") && fields.contains("size"), fields);
        assertEquals(0, f.jobs.jobCount());
    }

    @Test
    void create_withCallbackUrl_storesItOnTheJobItem_andInJobJson() {
        service.create("u", json("{\"callbackUrl\": \"https://hooks.example.com/p\", \"files\": ["
                + "{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 5}]}"), BASE);

        assertEquals("https://hooks.example.com/p", f.jobs.find("api-1").orElseThrow().callbackUrl());
        assertEquals(json("{\"callbackUrl\": \"https://hooks.example.com/p\"}"), json(new String(f.media.bytes("api/api-1/job.json"))));
    }

    @Test
    void create_refusesAPlainHttpCallbackUrl_namingTheFieldAndWhatIsAllowed() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> service.create("u", json("{\"callbackUrl\": \"http://example.com/p\","
                + " \"files\": [{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 5}]}"), BASE));

        assertEquals(400, problem.status());
        assertEquals("callbackUrl", problem.errors().get(0).field());
        assertTrue(problem.detail().contains("allowed: an absolute https URL (http only to localhost, 127.0.0.1 or [::1])"), problem.detail());
        assertEquals(0, f.jobs.jobCount());
    }

    @Test
    void create_refusesTwoMusicFiles_noImage_andAnOrderNamingNoFile() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> service.create("u", json("{\"order\": [\"x.jpg\"], \"files\": ["
                + "{\"name\": \"a.mp3\", \"contentType\": \"audio/mpeg\", \"size\": 5}, {\"name\": \"b.mp3\", \"contentType\": \"audio/mpeg\", \"size\": 5}]}"), BASE));

        String errors = problem.errors().toString();
        assertTrue(errors.contains("no image") && errors.contains("2 audio files") && errors.contains("x.jpg"), errors);
    }

    @Test
    void start_namesEachMissingOrMislabelledFile_andStartsNothing() {
        createTwoFiles();
        f.media.put("api/api-1/b.png", Samples.jpeg());

        ApiProblem problem = assertThrows(ApiProblem.class, () -> service.start("api-1", BASE));

        assertEquals(400, problem.status());
        assertEquals(List.of("a.jpg", "b.png"), problem.errors().stream().map(ApiProblem.FieldError::field).toList());
        assertTrue(problem.errors().get(0).detail().startsWith("missing"), problem.errors().toString());
        assertTrue(problem.errors().get(1).detail().contains("bytes, announced") || problem.errors().get(1).detail().contains("is not image/png"),
                problem.errors().toString());
        assertTrue(f.executions.executions.isEmpty());
        assertEquals(JobStatus.RECEIVED, f.jobs.find("api-1").orElseThrow().status());
    }

    @Test
    void start_closesTheUploadSetLikeCheckUploads_andStartsTheExecutionOnce() {
        createTwoFiles();
        f.media.put("api/api-1/a.jpg", Samples.jpeg()).put("api/api-1/b.png", Samples.png());

        JsonNode started = service.start("api-1", BASE);

        assertEquals("RUNNING", started.path("status").asText());
        var job = f.jobs.find("api-1").orElseThrow();
        assertEquals(JobStatus.VALIDATING, job.status());
        assertEquals(3, job.uploadSet().size(), "two images and job.json");
        assertTrue(job.executionStarted());
        JsonNode input = json(f.executions.executions.get("api-1"));
        assertEquals("api/api-1/", input.path("prefix").asText());
        assertTrue(input.path("settings").has("maxRenderPolls"));
        assertEquals(409, assertThrows(ApiProblem.class, () -> service.start("api-1", BASE)).status());
        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void start_ofAJobWhoseExecutionDidNotBegin_finishesTheStart() {
        createTwoFiles();
        f.media.put("api/api-1/a.jpg", Samples.jpeg()).put("api/api-1/b.png", Samples.png());
        f.jobs.closeUploads("api-1", 0, Map.of(), f.clock.instant());

        service.start("api-1", BASE);

        assertEquals(1, f.executions.executions.size());
    }

    @Test
    void unknownJob_is404_everywhere() {
        assertEquals(404, assertThrows(ApiProblem.class, () -> service.view("api-x", BASE)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> service.start("api-x", BASE)).status());
        assertEquals(404, assertThrows(ApiProblem.class, () -> service.videoUrl("api-x", Optional.empty())).status());
    }

    @Test
    void view_progressNeverGoesDown_andEtaOnlyWhileRenderingWithProgress() {
        createTwoFiles();
        f.media.put("api/api-1/a.jpg", Samples.jpeg()).put("api/api-1/b.png", Samples.png());
        service.start("api-1", BASE);
        f.jobs.transition("api-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 50), f.clock.instant());
        f.clock.advance(Duration.ofSeconds(40));

        JsonNode rendering = service.view("api-1", BASE);
        assertEquals(60, rendering.path("progress").asInt());
        assertEquals(40, rendering.path("etaSeconds").asLong());
        assertEquals("RENDERING", rendering.path("stage").asText());

        // a renewed session restarts the render at 0: the shown progress stays
        f.jobs.transition("api-1", JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, 0), f.clock.instant());
        JsonNode restarted = service.view("api-1", BASE);
        assertEquals(60, restarted.path("progress").asInt());
        assertFalse(restarted.has("etaSeconds"));
    }

    @Test
    void video_of_aCompletedJob_isAFreshShortLink_elseConflict() {
        createTwoFiles();
        assertEquals(409, assertThrows(ApiProblem.class, () -> service.videoUrl("api-1", Optional.empty())).status());
        f.jobs.force("api-1", JobStatus.COMPLETED);
        f.jobs.setAttributes("api-1", Map.of(JobAttributes.VIDEO_KEY, "videos/api-1.mp4"));

        assertTrue(service.videoUrl("api-1", Optional.of("1")).toString().contains("api-1.mp4?X-Amz-Expires=300"));
        assertEquals(404, assertThrows(ApiProblem.class, () -> service.videoUrl("api-1", Optional.of("2"))).status());
        JsonNode view = service.view("api-1", BASE);
        assertEquals(BASE + "/jobs/api-1/video?version=1", view.path("versions").path(0).path("video").path("link").asText());
    }

    @Test
    void view_saysWhichBackendMadeTheVideoAndWhy() {
        createTwoFiles();
        f.jobs.force("api-1", JobStatus.COMPLETED);
        f.jobs.setAttributes("api-1", Map.of(JobAttributes.VIDEO_KEY, "videos/api-1.mp4", JobAttributes.RENDERER, "ffmpeg",
                JobAttributes.RENDERER_REASON, "the vendor refused export (402)"));

        JsonNode view = service.view("api-1", BASE);

        assertEquals("ffmpeg", view.path("renderer").asText());
        assertEquals("the vendor refused export (402)", view.path("rendererReason").asText());
    }

    @Test
    void list_isNewestFirst_andACursorOnlyWorksUnchanged() {
        createTwoFiles();
        f.clock.advance(Duration.ofSeconds(1));
        createTwoFiles();

        JsonNode first = service.list(Optional.empty(), Optional.of("1"), Optional.empty(), BASE);
        assertEquals("api-2", first.path("jobs").path(0).path("jobId").asText());
        String next = first.path("next").asText();
        JsonNode second = service.list(Optional.empty(), Optional.of("1"), Optional.of(next), BASE);
        assertEquals("api-1", second.path("jobs").path(0).path("jobId").asText());

        String tampered = next.replace(next.charAt(3), next.charAt(3) == 'x' ? 'y' : 'x');
        assertEquals(400, assertThrows(ApiProblem.class,
                () -> service.list(Optional.empty(), Optional.of("1"), Optional.of(tampered), BASE)).status());
        assertEquals(400, assertThrows(ApiProblem.class,
                () -> service.list(Optional.of("COMPLETED"), Optional.of("1"), Optional.of(next), BASE)).status(), "bound to its filter");
        assertEquals(400, assertThrows(ApiProblem.class, () -> service.list(Optional.of("done"), Optional.empty(), Optional.empty(), BASE)).status());
    }

    @Test
    void source_makesAJobOverAFolderInTheBucket_andStartsItAtOnce_withTheFoldersOwnSettings() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/job.json", "{\"title\": \"Trip\"}");

        JsonNode created = service.create("u", json("{\"source\": {\"prefix\": \"uploads/trip/\"}}"), BASE);

        assertEquals("RUNNING", created.path("status").asText());
        var job = f.jobs.find("api-1").orElseThrow();
        assertEquals("uploads/trip/", job.prefix());
        assertEquals(JobStatus.VALIDATING, job.status());
        assertEquals(2, job.uploadSet().size());
        assertTrue(job.manifestReceived());
        assertEquals("uploads/trip/", json(f.executions.executions.get("api-1")).path("prefix").asText());
        assertEquals(409, assertThrows(ApiProblem.class, () -> service.start("api-1", BASE)).status(), "nothing to start");
    }

    @Test
    void source_refusesAnEmptyFolder_andSettingsBesideIt() {
        assertEquals(400, assertThrows(ApiProblem.class,
                () -> service.create("u", json("{\"source\": {\"prefix\": \"uploads/none/\"}}"), BASE)).status());
        ApiProblem both = assertThrows(ApiProblem.class,
                () -> service.create("u", json("{\"title\": \"x\", \"source\": {\"prefix\": \"uploads/none/\"}}"), BASE));
        assertEquals("title", both.errors().get(0).field());
    }
}
