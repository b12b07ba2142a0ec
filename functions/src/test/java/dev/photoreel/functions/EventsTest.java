package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One sample event per function in events/, each readable by its handler. */
class EventsTest {

    private static final List<String> FUNCTIONS = List.of("StartJob", "CheckUploads", "ValidateJob", "AuthenticateVendor",
            "CreateSession", "UploadMedia", "StreamInstruction", "CheckDraft", "SubmitRender", "CheckRender", "StoreVideo",
            "CompleteJob", "FailJob", "NotifyUser", "GuardExecution", "ReconcileJobs", "RenderVideo");
    /** The state machine's steps: their events are the execution state. */
    private static final List<String> STEPS = java.util.stream.Stream.concat(
            FUNCTIONS.subList(1, FUNCTIONS.indexOf("NotifyUser") + 1).stream(), Stream.of("RenderVideo")).toList();

    /** The jobs API's route functions: their events are API Gateway proxy events (REST API, payload 1.0). */
    private static final List<String> API_FUNCTIONS = List.of("CreateJob", "LaunchJob", "GetJob", "GetVideo", "ListJobs", "CreateRevision", "ServePage");

    @Test
    void apiEvents_areProxyEventsWithTheirRoutesParameters() throws IOException {
        for (String function : API_FUNCTIONS.stream().filter(f -> !f.equals("ServePage")).toList()) {
            ApiRequest request = ApiRequest.from(Events.load(fileName(function)));
            assertTrue(request.path().startsWith("/jobs"), function);
            assertEquals("https://abcdef1234.execute-api.us-east-1.amazonaws.com/v1", request.baseUrl(), function);
            assertEquals("userArn:arn:aws:iam::123456789012:user/alice", request.caller(), function);
        }
        ApiRequest page = ApiRequest.from(Events.load("serve-page.json"));
        assertEquals("/v1/", page.basePath(), "the page's links go under the stage");
        assertEquals("anonymous", page.caller(), "the page is public");
        assertEquals(java.util.Set.of("signInDomain", "signInClientId"), page.stageVariables().keySet());
        com.fasterxml.jackson.databind.node.ObjectNode signedIn = Events.load("get-job.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) signedIn.path("requestContext")).putObject("authorizer").putObject("claims")
                .put("sub", "3f1c-user").put("email", "ann@example.com");
        assertEquals("cognito:3f1c-user", ApiRequest.from(signedIn).caller(), "a page user is the caller by the Cognito authorizer's sub claim");
        assertEquals("Summer at the coast", ApiRequest.from(Events.load("create-job.json")).jsonBody().path("title").asText());
        assertEquals("api-0123456789abcdef0123", ApiRequest.from(Events.load("get-video.json")).requirePathParameter("id"));
    }

    static String fileName(String function) {
        return function.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase() + ".json";
    }

    @Test
    void everyFunction_hasASampleEvent_andAHandlerClass() throws Exception {
        Set<String> files;
        try (Stream<Path> list = Files.list(Events.directory())) {
            files = list.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        for (String function : FUNCTIONS) {
            assertTrue(files.contains(fileName(function)), "missing events/" + fileName(function));
            Class<?> handler = Class.forName("dev.photoreel.functions." + function + "Handler");
            assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(handler));
            assertNotNull(handler.getConstructor(), function + "Handler needs a public no-arg constructor");
        }
        for (String function : API_FUNCTIONS) {
            assertTrue(files.contains(fileName(function)), "missing events/" + fileName(function));
            Class<?> handler = Class.forName("dev.photoreel.functions." + function + "Handler");
            assertTrue(ApiHandler.class.isAssignableFrom(handler), function);
            assertNotNull(handler.getConstructor(), function + "Handler needs a public no-arg constructor");
        }
        assertEquals(FUNCTIONS.size() + API_FUNCTIONS.size(), files.size());
    }

    @Test
    void stepEvents_parseIntoTheState() throws IOException {
        for (String function : STEPS) {
            WorkflowState state = Json.convert(Events.load(fileName(function)), WorkflowState.class);
            assertNotNull(state.requireJobId());
            assertTrue(state.settings().pollIntervalSeconds() > 0, function);
        }
        WorkflowState fallback = Json.convert(Events.load("render-video.json"), WorkflowState.class);
        assertEquals("dev.photoreel.nemo.exceptions.ExportBlockedException", fallback.vendorError().error());
        assertEquals(1, StartJobHandler.parse(Json.parse(Events.load("start-job.json").path("Records").get(0).path("body").asText())).size());
        var ended = GuardExecutionHandler.parse(Events.load("guard-execution.json"));
        assertEquals("summer-trip-3f2a9c1d-1", ended.name());
        assertEquals("ABORTED", ended.status());
    }

    @Test
    void priming_mapsTheSamplePayloadsOffline() {
        assertEquals(2, Priming.prime());
    }
}
