package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.StackAvailability;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.workflow.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./photoreel stack} started in the background by a script (so it starts with SIGINT ignored, as bash does to
 * background jobs) stops on SIGINT, and takes every process it started with it: moto, and the functions' JVMs.
 */
class StackSignalsIT {

    private static final Pattern LAMBDA_ENDPOINT = Pattern.compile("Lambda \\(Invoke API[^:]*: (http://\\S+)");

    @Test
    void stack_startedInTheBackgroundByAScript_stopsOnSigint_withEveryFunctionJvm() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        StackAvailability.requireMoto(root);
        Path log = Files.createDirectories(root.resolve("local/target/stack-signals")).resolve("stack.out");
        Files.deleteIfExists(log);
        // the script waits for its background job, so it reaps the stack's process when it ends
        Process script = new ProcessBuilder("bash", "-c", "\"$1\" stack > \"$2\" 2>&1 & echo $!; wait", "bash",
                root.resolve("photoreel").toString(), log.toString()).redirectErrorStream(true).start();
        long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))
                .readLine().strip());
        ProcessHandle stack = ProcessHandle.of(pid).orElseThrow();
        try {
            URI lambda = await(() -> endpoint(log), Duration.ofMinutes(4), "the stack prints its endpoints: " + log);
            HttpResponse<String> invoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            lambda.resolve("/2015-03-31/functions/ReconcileJobsFunction/invocations"))
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, invoked.statusCode(), invoked.body());
            List<ProcessHandle> functionJvms = stack.descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("dev.photoreel.local.stack.RuntimeLoop")).toList();
            assertFalse(functionJvms.isEmpty(), "the invocation ran in a function JVM of the stack's");
            List<ProcessHandle> everything = stack.descendants().toList();

            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);

            assertTrue(await(() -> stack.isAlive() ? Optional.empty() : Optional.of(true), Duration.ofSeconds(60), "stops on SIGINT"));
            for (ProcessHandle child : everything) {
                await(() -> child.isAlive() ? Optional.empty() : Optional.of(true), Duration.ofSeconds(15),
                        "outlived the stack: " + child.pid() + " " + child.info().commandLine().orElse(""));
            }
        } finally {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
            script.destroyForcibly();
        }
    }

    private static Optional<URI> endpoint(Path log) {
        try {
            Matcher matcher = LAMBDA_ENDPOINT.matcher(Files.exists(log) ? Files.readString(log) : "");
            return matcher.find() ? Optional.of(URI.create(matcher.group(1))) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> probe, Duration limit, String what) {
        return Poll.until(limit, probe).orElseThrow(() -> new AssertionError("not within " + limit.toSeconds() + " s: " + what));
    }
}
