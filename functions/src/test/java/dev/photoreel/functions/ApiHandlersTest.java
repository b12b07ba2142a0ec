package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.api.Idempotency;
import dev.photoreel.workflow.api.JobsApiService;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.InMemoryApiStore;
import dev.photoreel.workflow.testing.InMemoryIdempotencyStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The route handlers over the sample events in events/, with in-memory fakes behind the real services. */
class ApiHandlersTest {

    private final Fixture f = new Fixture();
    private final AtomicInteger ids = new AtomicInteger();
    private final JobsApiService service = new JobsApiService(f.jobs, f.media,
            (key, type, length, expiry) -> URI.create("https://s3.example/" + key + "?signed"), f.executions, new InMemoryApiStore(f.jobs),
            f.config, f.clock, () -> "api-" + ids.incrementAndGet());
    private final Idempotency idempotency = new Idempotency(new InMemoryIdempotencyStore(), f.clock);

    private static JsonNode invoke(RequestStreamHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, new FakeContext());
        return Json.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void createJob_answers201WithUploadLinks_andReplaysItForTheSameIdempotencyKey() throws IOException {
        CreateJobHandler handler = new CreateJobHandler(service, idempotency, f.metrics);

        JsonNode first = invoke(handler, Events.load("create-job.json"));
        JsonNode again = invoke(handler, Events.load("create-job.json"));

        assertEquals(201, first.path("statusCode").asInt(), first::toString);
        JsonNode body = Json.MAPPER.readTree(first.path("body").asText());
        assertEquals("https://abcdef1234.execute-api.us-east-1.amazonaws.com/v1/jobs/api-1", first.path("headers").path("Location").asText());
        assertEquals(2, body.path("uploads").size());
        assertEquals(first.path("body"), again.path("body"));
        assertEquals("true", again.path("headers").path("Idempotent-Replayed").asText());
        assertEquals(1, ids.get(), "the replay created nothing");
    }

    @Test
    void createRevision_ofAnUnknownJob_isA404ProblemJson_andOfARunningOne_a409() throws IOException {
        CreateRevisionHandler handler = new CreateRevisionHandler(service, idempotency, f.metrics);
        JsonNode unknown = invoke(handler, Events.load("create-revision.json"));
        assertEquals(404, unknown.path("statusCode").asInt(), unknown::toString);
        assertEquals("application/problem+json", unknown.path("headers").path("Content-Type").asText());

        String running = f.jobIn(dev.photoreel.workflow.JobStatus.RENDERING);
        com.fasterxml.jackson.databind.node.ObjectNode event = (com.fasterxml.jackson.databind.node.ObjectNode) Events.load("create-revision.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("pathParameters")).put("id", running);
        event.remove("headers");
        event.remove("multiValueHeaders");
        JsonNode conflict = invoke(handler, event);
        assertEquals(409, conflict.path("statusCode").asInt(), conflict::toString);
        assertTrue(f.executions.executions.keySet().stream().noneMatch(n -> n.contains("-r")), "nothing started");
    }

    @Test
    void unknownJob_isA404ProblemJson() throws IOException {
        JsonNode response = invoke(new GetJobHandler(service, f.metrics), Events.load("get-job.json"));

        assertEquals(404, response.path("statusCode").asInt());
        assertEquals("application/problem+json", response.path("headers").path("Content-Type").asText());
        JsonNode problem = Json.MAPPER.readTree(response.path("body").asText());
        assertEquals(404, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().contains("api-0123456789abcdef0123"));
    }

    @Test
    void aBodyThatIsNotJson_isA400_andAnUnexpectedFailureA500ThatNamesNoInternals() throws IOException {
        JsonNode event = Events.load("create-job.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("body", "{not json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("headers")).remove("Idempotency-Key");
        assertEquals(400, invoke(new CreateJobHandler(service, idempotency, f.metrics), event).path("statusCode").asInt());

        JobsApiService broken = new JobsApiService(f.jobs, f.media, (k, t, l, e) -> {
            throw new IllegalStateException("secret internals");
        }, f.executions, new InMemoryApiStore(f.jobs), f.config, f.clock, () -> "api-x");
        JsonNode failed = invoke(new CreateJobHandler(broken, idempotency, f.metrics), Events.load("create-job.json"));
        assertEquals(500, failed.path("statusCode").asInt());
        assertFalse(failed.path("body").asText().contains("secret internals"));
    }

    @Test
    void video_isA307ThatIsNeverCached_orA404ForAVersionWithoutVideoYet() throws IOException {
        invoke(new CreateJobHandler(service, idempotency, f.metrics), Events.load("create-job.json"));
        JsonNode event = Events.load("get-video.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("pathParameters")).put("id", "api-1");
        assertEquals("1", event.path("queryStringParameters").path("version").asText(), "the sample asks for version 1");
        assertEquals(404, invoke(new GetVideoHandler(service, f.metrics), event).path("statusCode").asInt());

        f.jobs.force("api-1", dev.photoreel.workflow.JobStatus.COMPLETED);
        f.jobs.setAttributes("api-1", java.util.Map.of("videoKey", "videos/api-1.mp4"));
        JsonNode redirect = invoke(new GetVideoHandler(service, f.metrics), event);
        assertEquals(307, redirect.path("statusCode").asInt());
        assertEquals("no-store", redirect.path("headers").path("Cache-Control").asText());
        assertTrue(redirect.path("headers").path("Location").asText().contains("api-1.mp4"));

        // the web page asks for JSON: a browser cannot read a cross-origin redirect's Location
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("headers")).put("Accept", "application/json");
        JsonNode answer = invoke(new GetVideoHandler(service, f.metrics), event);
        assertEquals(200, answer.path("statusCode").asInt());
        assertEquals("no-store", answer.path("headers").path("Cache-Control").asText());
        assertEquals(redirect.path("headers").path("Location").asText(), Json.MAPPER.readTree(answer.path("body").asText()).path("url").asText());
    }
}
