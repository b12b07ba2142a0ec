package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaEnvironmentTest {

    private static final FunctionSpec NOTIFY = new FunctionSpec("NotifyUserFunction", "NotifyUserFunction", "x.Notify", 30, 1024, null,
            Map.of("TOPIC_ARN", "arn:topic", "POLL_INTERVAL_SECONDS", "30", "POWERTOOLS_SERVICE_NAME", "photoreel-notify-user"));
    private static final FunctionSpec CHECK = new FunctionSpec("CheckUploadsFunction", "CheckUploadsFunction", "x.Check", 30, 1024, null,
            Map.of("QUIET_PERIOD_SECONDS", "60"));

    private static LambdaEnvironment.Local local(StackOptions options) {
        return new LambdaEnvironment.Local(options, URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                URI.create("http://127.0.0.1:3"), null);
    }

    @Test
    void of_givesEachFunctionItsOwnVariables_theLocalValuesOfWhatItDeclares_andTheLocalEndpoints() {
        Map<String, Map<String, String>> environments = LambdaEnvironment.of(List.of(NOTIFY, CHECK), local(StackOptions.local(Path.of("."))));

        Map<String, String> notify = environments.get("NotifyUserFunction");
        Map<String, String> check = environments.get("CheckUploadsFunction");
        assertEquals("arn:topic", notify.get("TOPIC_ARN"));
        assertEquals("photoreel-notify-user", notify.get("POWERTOOLS_SERVICE_NAME"));
        assertEquals("1", notify.get("POLL_INTERVAL_SECONDS"), "the local poll interval replaces the declared one");
        assertFalse(notify.containsKey("QUIET_PERIOD_SECONDS"), "declared by another function only");
        assertFalse(notify.containsKey("NEMO_API_BASE"), "a local value is set only where the template declares the variable");
        assertEquals("3", check.get("QUIET_PERIOD_SECONDS"));
        assertFalse(check.containsKey("TOPIC_ARN"));
        assertEquals("http://127.0.0.1:2", check.get("AWS_ENDPOINT_URL"));
        assertEquals("http://127.0.0.1:3", check.get("AWS_ENDPOINT_URL_SNS"));
        assertEquals("http://127.0.0.1:3", check.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals(SamTemplate.REGION, check.get("AWS_REGION"));
    }

    @Test
    void of_whenAnOverrideNamesAVariableNoFunctionDeclares_failsNamingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LambdaEnvironment.of(List.of(NOTIFY, CHECK),
                local(StackOptions.local(Path.of(".")).withEnvironment("NO_SUCH_SETTING", "1"))));

        assertTrue(error.getMessage().contains("NO_SUCH_SETTING"), error.getMessage());
        assertTrue(error.getMessage().contains("template.yaml"), error.getMessage());
    }

    @Test
    void functionArtifacts_followTheMakefile_renderFunctionOnItsOwnJar_theOthersOnTheFunctionsJar() throws Exception {
        Path root = Files.createTempDirectory("artifacts");
        Files.copy(StackOptions.findProjectRoot(Path.of("")).resolve("Makefile"), root.resolve("Makefile"));
        Path functionsJar = Files.createDirectories(root.resolve("functions/target")).resolve("photoreel-functions.jar");
        Files.writeString(functionsJar, "jar");
        FunctionArtifacts artifacts = FunctionArtifacts.read(root);

        assertEquals(List.of(functionsJar), artifacts.classPathOf("StartJobFunction"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> artifacts.classPathOf("RenderVideoFunction"));
        assertTrue(missing.getMessage().contains("photoreel-render-function.jar"), missing.getMessage());
        assertTrue(missing.getMessage().contains("mvn -pl functions -am package"), missing.getMessage());
    }
}
