package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link FunctionRuntime} decides before any JVM runs: which function an ARN names, and the failures it injects
 * instead of running the handler. A launch that cannot start a JVM proves none was started ({@code FunctionRuntimeIT}
 * runs the JVMs).
 */
class FunctionRuntimeTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final FunctionSandbox.Launch NO_JVM = new FunctionSandbox.Launch("/nonexistent/java", f -> List.of(), f -> List.of(),
            f -> Map.of(), FunctionRuntime.INIT_LIMIT);
    private static final FunctionSpec CHECK_UPLOADS = new FunctionSpec("CheckUploadsFunction", "photoreel-CheckUploads",
            "dev.photoreel.functions.CheckUploadsHandler", 60, 512, "live", Map.of());

    private final FunctionRuntime runtime = new FunctionRuntime(List.of(CHECK_UPLOADS), NO_JVM);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void find_acceptsTheNameTheLogicalIdAndEveryArnForm() {
        for (String reference : List.of("photoreel-CheckUploads", "CheckUploadsFunction", "photoreel-CheckUploads:live",
                "arn:aws:lambda:us-east-1:000000000000:function:photoreel-CheckUploads",
                "arn:aws:lambda:us-east-1:000000000000:function:photoreel-CheckUploads:live", "000000000000:function:photoreel-CheckUploads")) {
            assertEquals(CHECK_UPLOADS, runtime.find(reference).orElse(null), reference);
        }
        assertTrue(runtime.find("arn:aws:lambda:us-east-1:000000000000:function:photoreel-Other").isEmpty());
    }

    @Test
    void injectedFaults_failAsLambdaReportsThem_withoutRunningTheHandler() throws Exception {
        runtime.injectFault("CheckUploadsFunction", FunctionRuntime.FunctionFault.CRASH, 1);
        runtime.injectFault("CheckUploadsFunction", FunctionRuntime.FunctionFault.TIMEOUT, 1);

        FunctionRuntime.Invocation crashed = runtime.invoke(CHECK_UPLOADS, "{}".getBytes(StandardCharsets.UTF_8), "arn");
        FunctionRuntime.Invocation timedOut = runtime.invoke(CHECK_UPLOADS, "{}".getBytes(StandardCharsets.UTF_8), "arn");

        assertEquals("Unhandled", crashed.functionError());
        assertEquals("Runtime.ExitError", error(crashed).path("errorType").asText());
        assertEquals("Sandbox.Timedout", error(timedOut).path("errorType").asText());
        assertTrue(error(timedOut).path("errorMessage").asText().contains("Task timed out after 60.00 seconds"), error(timedOut).toString());
        assertEquals(2, runtime.faultsInjected());
        assertEquals(2, runtime.invocationCount("photoreel-CheckUploads"));
        assertEquals(0, runtime.coldStarts(), "no JVM was started for an injected fault");
    }

    @Test
    void invoke_whenTheJvmCannotStart_failsTheInvocationSayingSo() throws Exception {
        FunctionRuntime.Invocation result = runtime.invoke(CHECK_UPLOADS, "{}".getBytes(StandardCharsets.UTF_8), "arn");

        assertEquals("Runtime.Unknown", error(result).path("errorType").asText());
        assertTrue(error(result).path("errorMessage").asText().contains("/nonexistent/java"), error(result).toString());
    }

    @Test
    void injectFault_onAnUnknownFunction_namesIt() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> runtime.injectFault("NoSuchFunction", FunctionRuntime.FunctionFault.CRASH, 1));
        assertTrue(failure.getMessage().contains("NoSuchFunction"));
    }

    private static JsonNode error(FunctionRuntime.Invocation invocation) throws Exception {
        return JSON.readTree(invocation.payload());
    }
}
