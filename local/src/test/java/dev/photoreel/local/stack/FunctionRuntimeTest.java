package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FunctionRuntimeTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private final FunctionRuntime runtime = new FunctionRuntime(List.of(
            new FunctionSpec("EchoFunction", "EchoFunction", "dev.photoreel.local.stack.fixtures.EchoHandler", 10, 256, "live", Map.of()),
            new FunctionSpec("SlowFunction", "SlowFunction", "dev.photoreel.local.stack.fixtures.SlowHandler", 1, 256, null, Map.of()),
            new FunctionSpec("BrokenFunction", "BrokenFunction", "dev.photoreel.local.stack.NoSuchHandler", 3, 128, null, Map.of())));

    @AfterEach
    void close() {
        runtime.close();
    }

    private JsonNode invoke(String function, String payload) throws Exception {
        FunctionRuntime.Invocation result = runtime.invoke(runtime.find(function).orElseThrow(), payload.getBytes(StandardCharsets.UTF_8), function);
        JsonNode body = JSON.readTree(result.payload());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_functionError", result.functionError());
        return body;
    }

    @Test
    void find_acceptsNamesFullAndPartialArnsAndQualifiers() {
        for (String name : List.of("EchoFunction", "EchoFunction:live", "123456789012:function:EchoFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:EchoFunction", "arn:aws:lambda:us-east-1:123456789012:function:EchoFunction:live")) {
            assertEquals("EchoFunction", runtime.find(name).orElseThrow().name(), name);
        }
        assertTrue(runtime.find("arn:aws:lambda:us-east-1:123456789012:function:Nope").isEmpty());
    }

    @Test
    void invoke_givesTheHandlerAContextCountingDownFromTheTimeout() throws Exception {
        JsonNode result = invoke("EchoFunction", "{\"mode\": \"ok\"}");

        assertTrue(result.path("_functionError").isNull());
        int remaining = result.path("remainingMillis").asInt();
        assertTrue(remaining > 8_000 && remaining <= 10_000, "remaining " + remaining);
        assertEquals("EchoFunction", result.path("function").asText());
    }

    @Test
    void invoke_whenTheHandlerThrows_reportsAnUnhandledErrorNamedByTheFullClassName() throws Exception {
        JsonNode result = invoke("EchoFunction", "{\"mode\": \"fail\", \"key\": \"k\"}");

        assertEquals("Unhandled", result.path("_functionError").asText());
        assertEquals("dev.photoreel.local.stack.fixtures.PermanentFixtureException", result.path("errorType").asText());
        assertTrue(result.path("errorMessage").asText().contains("failed on purpose"));
    }

    @Test
    void invoke_whenTheHandlerOutlivesItsTimeout_isCutWithSandboxTimedout() throws Exception {
        long started = System.nanoTime();
        JsonNode result = invoke("SlowFunction", "{\"mode\": \"slow\"}");

        assertEquals("Sandbox.Timedout", result.path("errorType").asText());
        assertTrue((System.nanoTime() - started) / 1e9 < 3, "cut at the 1 s timeout");
    }

    @Test
    void overrideTimeout_shortensTheDeadlineTheHandlerSees() throws Exception {
        runtime.overrideTimeout("EchoFunction", Duration.ofSeconds(4));

        assertTrue(invoke("EchoFunction", "{\"mode\": \"ok\"}").path("remainingMillis").asInt() <= 4_000);
    }

    @Test
    void invoke_whenTheHandlerClassIsMissing_failsTheInvocationNamingTheClass() throws Exception {
        JsonNode result = invoke("BrokenFunction", "{}");

        assertEquals("Unhandled", result.path("_functionError").asText());
        assertTrue(result.path("errorMessage").asText().contains("NoSuchHandler"), result.toString());
        assertFalse(result.path("errorType").asText().isEmpty());
        assertNull(runtime.find("BrokenFunction").orElseThrow().alias());
    }

    @Test
    void injectFault_failsExactlyTheNextInvocations_thenTheHandlerRunsAgain() throws Exception {
        runtime.injectFault("EchoFunction", FunctionRuntime.FunctionFault.CRASH, 1);
        runtime.injectFault("EchoFunction", FunctionRuntime.FunctionFault.TIMEOUT, 1);

        JsonNode crashed = invoke("EchoFunction", "{\"mode\": \"ok\"}");
        JsonNode timedOut = invoke("EchoFunction", "{\"mode\": \"ok\"}");
        JsonNode healthy = invoke("EchoFunction", "{\"mode\": \"ok\"}");

        assertEquals("Runtime.ExitError", crashed.path("errorType").asText());
        assertEquals("Unhandled", crashed.path("_functionError").asText());
        assertEquals("Sandbox.Timedout", timedOut.path("errorType").asText());
        assertTrue(healthy.path("_functionError").isNull());
        assertEquals("EchoFunction", healthy.path("function").asText());
        assertEquals(3, runtime.invocationCount("EchoFunction"));
        assertEquals(2, runtime.faultsInjected());
    }
}
