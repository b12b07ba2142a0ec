package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each function runs with exactly its template variables: a copy of photoreel's template from which one variable is
 * removed from one function (NotifyUserFunction's {@code TOPIC_ARN}) makes that function fail when the stack runs
 * it, naming the variable, while the other functions that declare it still have it.
 */
class FunctionEnvironmentIT {

    private static final String FUNCTION = "NotifyUserFunction";
    private static final String VARIABLE = "TOPIC_ARN";
    private static final ObjectMapper JSON = Json.MAPPER;

    private static PhotoreelStack stack;

    @BeforeAll
    static void startStackOnTheChangedTemplate() throws IOException {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        StackAvailability.requireMoto(root);
        Path copy = Files.createTempDirectory("photoreel-missing-variable");
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!Set.of("template.yaml", "target", ".git").contains(name)) {
                    Files.createSymbolicLink(copy.resolve(name), entry);
                }
            }
        }
        Files.write(copy.resolve("template.yaml"), withoutVariable(Files.readAllLines(root.resolve("template.yaml")), FUNCTION, VARIABLE));
        stack = PhotoreelStack.start(StackOptions.local(copy), Vendor.external(URI.create("http://127.0.0.1:9")));
    }

    /** The template's lines without {@code variable} in {@code function}'s own Environment. */
    static List<String> withoutVariable(List<String> template, String function, String variable) {
        List<String> out = new ArrayList<>();
        boolean inFunction = false;
        boolean removed = false;
        for (String line : template) {
            if (line.matches("^  [A-Za-z0-9]+:\\s*$")) {
                inFunction = line.trim().equals(function + ":");
            }
            if (inFunction && !removed && line.trim().startsWith(variable + ":")) {
                removed = true;
                continue;
            }
            out.add(line);
        }
        assertTrue(removed, "template.yaml declares " + variable + " on " + function);
        return out;
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aFunctionWithoutAVariableItNeeds_failsNamingIt_whileTheOthersKeepTheirs() throws Exception {
        assertFalse(stack.functionEnvironment(FUNCTION).containsKey(VARIABLE));
        assertTrue(stack.functionEnvironment("ReconcileJobsFunction").containsKey(VARIABLE), "declared there, so set there");

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        stack.endpoints().lambda().resolve("/2015-03-31/functions/" + FUNCTION + "/invocations"))
                .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofString("{\"jobId\": \"no-such-job\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(null), response.body());
        JsonNode error = JSON.readTree(response.body());
        assertTrue(error.path("errorMessage").asText().contains(VARIABLE), error.toString());
        assertEquals("dev.photoreel.config.ConfigurationException", error.path("errorType").asText(), error.toString());
    }
}
