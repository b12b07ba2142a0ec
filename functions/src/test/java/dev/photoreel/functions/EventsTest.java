package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.template.CloudFormationTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One sample event per function in events/, each readable by its handler. */
class EventsTest {

    /** Every function template.yaml declares, by name without the {@code Function} suffix: the one list of functions. */
    private static final List<String> ALL_FUNCTIONS = templateFunctions();
    /** The jobs API's route functions: their events are API Gateway proxy events (REST API, payload 1.0). */
    private static final List<String> API_FUNCTIONS = ALL_FUNCTIONS.stream().filter(f -> ApiHandler.class.isAssignableFrom(handlerClass(f))).toList();
    /** The other functions: the state machine's steps, the intake, the guard and the reconciler. */
    private static final List<String> FUNCTIONS = ALL_FUNCTIONS.stream().filter(f -> !API_FUNCTIONS.contains(f)).toList();
    /** The state machine's steps: their events are the execution state. */
    private static final List<String> STEPS = FUNCTIONS.stream()
            .filter(f -> !List.of("StartJob", "GuardExecution", "ReconcileJobs").contains(f)).toList();

    private static List<String> templateFunctions() {
        try {
            CloudFormationTemplate template = CloudFormationTemplate.read(Events.directory().resolveSibling("template.yaml"));
            List<String> names = template.functions().keySet().stream().map(id -> id.replaceFirst("Function$", "")).toList();
            assertTrue(names.size() > 10, "template.yaml declares the functions: " + names);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> handlerClass(String function) {
        try {
            return Class.forName("dev.photoreel.functions." + function + "Handler");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(function + "Function in template.yaml has no handler class " + function + "Handler", e);
        }
    }

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
