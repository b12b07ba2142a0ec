package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.StackAvailability;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.workflow.Poll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./photoreel stack} started in the background by a script (so it starts with SIGINT ignored, as bash does to
 * background jobs) stops on SIGINT, and takes every process it started with it (moto).
 */
class StackSignalsIT {

    @Test
    void stack_startedInTheBackgroundByAScript_stopsOnSigint_withEveryProcessItStarted() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        StackAvailability.requireMoto(root);
        Path log = Files.createDirectories(root.resolve("local/target/stack-signals")).resolve("stack.out");
        Files.deleteIfExists(log);
        // the script waits for its background job, so it reaps the stack's process when it ends
        Process script = new ProcessBuilder("bash", "-c", "\"$1\" stack > \"$2\" 2>&1 & echo $!; wait", "bash",
                root.resolve("photoreel").toString(), log.toString()).redirectErrorStream(true).start();
        long pid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
            pid = Long.parseLong(out.readLine().strip());
        }
        ProcessHandle stack = ProcessHandle.of(pid).orElseThrow();
        try {
            assertTrue(Poll.untilTrue(Duration.ofMinutes(4), () -> printed(log, "Lambda (Invoke API")),
                    "the stack prints its endpoints once it is up: " + log);
            List<ProcessHandle> started = stack.descendants().toList();
            assertFalse(started.isEmpty(), "the stack runs moto as a process of its own");

            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);

            assertTrue(Poll.untilTrue(Duration.ofSeconds(60), () -> !stack.isAlive()), "the stack stops on SIGINT");
            for (ProcessHandle child : started) {
                assertTrue(Poll.untilTrue(Duration.ofSeconds(15), () -> !child.isAlive()),
                        "outlived the stack: " + child.pid() + " " + child.info().commandLine().orElse(""));
            }
        } finally {
            stack.descendants().forEach(ProcessHandle::destroyForcibly);
            stack.destroyForcibly();
            script.destroyForcibly();
        }
    }

    private static boolean printed(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
