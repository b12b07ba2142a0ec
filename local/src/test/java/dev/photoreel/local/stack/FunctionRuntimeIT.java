package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each function in JVMs of its own, driven through the Runtime API (the fixtures and {@link RuntimeLoop} from this class path). */
class FunctionRuntimeIT {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final FunctionSandbox.Launch LAUNCH = new FunctionSandbox.Launch(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), function -> FunctionRuntime.JVM_FLAGS,
            function -> Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(Path::of).toList(),
            FunctionSpec::environment, FunctionRuntime.INIT_LIMIT);
    private final FunctionRuntime runtime = new FunctionRuntime(List.of(
            new FunctionSpec("EchoFunction", "EchoFunction", "dev.photoreel.local.stack.fixtures.EchoHandler", 10, 256, "live",
                    Map.of("JOBS_TABLE", "echo-jobs")),
            new FunctionSpec("OtherEchoFunction", "OtherEchoFunction", "dev.photoreel.local.stack.fixtures.EchoHandler", 10, 512, null,
                    Map.of("QUIET", "7")),
            new FunctionSpec("SlowFunction", "SlowFunction", "dev.photoreel.local.stack.fixtures.SlowHandler", 3, 256, null, Map.of()),
            new FunctionSpec("BrokenFunction", "BrokenFunction", "dev.photoreel.local.stack.NoSuchHandler", 3, 128, null, Map.of())), LAUNCH);

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
        assertEquals(256, result.path("memoryMb").asInt());
    }

    @Test
    void invoke_runsEachFunctionWithExactlyItsOwnEnvironment() throws Exception {
        JsonNode echo = invoke("EchoFunction", "{\"mode\": \"ok\"}");
        JsonNode other = invoke("OtherEchoFunction", "{\"mode\": \"ok\"}");

        assertEquals("echo-jobs", echo.path("table").asText());
        assertTrue(echo.path("quiet").isNull(), "QUIET is the other function's: " + echo);
        assertEquals("7", other.path("quiet").asText());
        assertTrue(other.path("table").isNull(), "JOBS_TABLE is the first function's: " + other);
        List<String> names = List.of(echo.path("environment").asText().split(","));
        assertTrue(names.containsAll(List.of("JOBS_TABLE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER",
                "AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_INITIALIZATION_TYPE")), names.toString());
        assertFalse(names.contains("HOME"), "nothing of the test JVM's environment leaks in: " + names);
        assertFalse(echo.path("pid").asLong() == ProcessHandle.current().pid());
    }

    @Test
    void invoke_keepsAnEnvironmentWarm_andEachFunctionHasItsOwnStaticState() throws Exception {
        JsonNode first = invoke("EchoFunction", "{\"mode\": \"ok\"}");
        JsonNode second = invoke("EchoFunction", "{\"mode\": \"ok\"}");
        assertEquals(first.path("pid").asLong(), second.path("pid").asLong(), "the warm JVM serves the next invocation");
        assertEquals(1, runtime.coldStarts());

        // the flaky mode fails the first call of its JVM (a static counter): each function has its own
        assertEquals("dev.photoreel.local.stack.fixtures.FlakyException", invoke("EchoFunction", "{\"mode\": \"flaky\"}").path("errorType").asText());
        assertTrue(invoke("EchoFunction", "{\"mode\": \"flaky\"}").path("_functionError").isNull());
        assertEquals("dev.photoreel.local.stack.fixtures.FlakyException",
                invoke("OtherEchoFunction", "{\"mode\": \"flaky\"}").path("errorType").asText());
    }

    @Test
    void invoke_whenTheRuntimeExits_reportsRuntimeExitError_andTheNextInvocationStartsAFreshJvm() throws Exception {
        long before = invoke("EchoFunction", "{\"mode\": \"ok\"}").path("pid").asLong();

        JsonNode exited = invoke("EchoFunction", "{\"mode\": \"exit\"}");
        JsonNode after = invoke("EchoFunction", "{\"mode\": \"ok\"}");

        assertEquals("Runtime.ExitError", exited.path("errorType").asText());
        assertEquals("Unhandled", exited.path("_functionError").asText());
        assertTrue(exited.path("errorMessage").asText().contains("exit status 3"), exited.toString());
        assertTrue(after.path("_functionError").isNull());
        assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(after.path("pid").asLong() != before);
    }

    @Test
    void close_stopsEveryFunctionJvm() throws Exception {
        invoke("EchoFunction", "{\"mode\": \"ok\"}");
        invoke("OtherEchoFunction", "{\"mode\": \"ok\"}");
        List<ProcessHandle> jvms = runtime.sandboxProcesses();
        assertEquals(2, jvms.size());

        runtime.close();

        jvms.forEach(jvm -> assertFalse(jvm.isAlive(), "still running: " + jvm.pid()));
        assertTrue(runtime.sandboxProcesses().isEmpty());
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
        assertTrue(invoke("SlowFunction", "{\"mode\": \"quick\"}").path("_functionError").isNull(), "warm");
        long started = System.nanoTime();
        JsonNode result = invoke("SlowFunction", "{\"mode\": \"slow\"}");

        assertEquals("Sandbox.Timedout", result.path("errorType").asText(), result.toString());
        assertTrue((System.nanoTime() - started) / 1e9 < 6, "cut at the 3 s timeout (the JVM was warm), not after the handler's 10 s");
        assertTrue(runtime.sandboxProcesses().isEmpty(), "the timed-out JVM is killed, as Lambda ends the sandbox");
        JsonNode next = invoke("SlowFunction", "{\"mode\": \"quick\"}");
        assertEquals(false, next.path("slept").asBoolean(true), next.toString());
        assertEquals(2, runtime.coldStarts());
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
        long warm = invoke("EchoFunction", "{\"mode\": \"ok\"}").path("pid").asLong();
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
        assertFalse(ProcessHandle.of(warm).map(ProcessHandle::isAlive).orElse(false), "the crash ended the warm JVM");
        assertTrue(healthy.path("pid").asLong() != warm);
        assertEquals(4, runtime.invocationCount("EchoFunction"));
        assertEquals(2, runtime.faultsInjected());
    }
}
