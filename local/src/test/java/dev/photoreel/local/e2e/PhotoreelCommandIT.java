package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.StackAvailability;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code photoreel run} as a person runs it: the packaged jar in its own JVM (what ./photoreel execs), its own
 * local stack and emulator, a folder of photos in, an MP4 out, the exit code telling success from failure.
 */
class PhotoreelCommandIT {

    private static Path root;
    private static Path jar;

    @BeforeAll
    static void packagedJar() {
        root = StackOptions.findProjectRoot(Path.of(""));
        StackAvailability.requireMoto(root);
        jar = root.resolve("local/target/photoreel-local.jar");
        assertTrue(Files.isRegularFile(jar), "mvn package builds " + jar);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result photoreel(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dphotoreel.home=" + root, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("NEMO_API_BASE");
        builder.environment().put("PHOTOREEL_RENDER_PRESET", "ultrafast");
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(6, TimeUnit.MINUTES), "photoreel finished");
            return new Result(process.exitValue(), output);
        } finally {
            // SIGTERM first: the command's shutdown hook then stops the moto and emulator it started.
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void run_turnsAFolderOfPhotosIntoAnMp4_showingTheStages() throws Exception {
        Path out = root.resolve("local/target/photoreel-command/seaside.mp4");
        Files.deleteIfExists(out);

        Result result = photoreel("run", root.resolve("examples/seaside").toString(), "a warm summer video", "--out", out.toString());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("rendering"), "shows the stages: " + result.output());
        assertTrue(result.output().contains("is ready"), "prints the notification's subject: " + result.output());
        assertTrue(result.output().contains("Timeline"), "prints the timeline summary: " + result.output());
        MediaInfo info = new MediaProbe().probe(out);
        assertEquals("h264", info.videoCodec());
        assertEquals(1920, info.width());
        assertTrue(info.hasAudio(), "the example's music is in the video");
        // four photos at the default 3 s each: 12 s, the crossfades straddling the boundaries
        assertEquals(12.0, info.durationSeconds(), 1.0 / 30, "duration");
        assertTrue(result.output().contains("(0-12s"), "the timeline summary says 12 s: " + result.output());
    }

    @Test
    void run_whenTheJobFails_printsTheReasonAndExitsNonZero() throws Exception {
        Path folder = Files.createTempDirectory("not-photos");
        Files.writeString(folder.resolve("holiday.jpg"), "this is a text file, not a photo");

        Result result = photoreel("run", folder.toString(), "--out", folder.resolve("never.mp4").toString());

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("holiday.jpg"), "names the bad file: " + result.output());
        assertTrue(Files.notExists(folder.resolve("never.mp4")));
    }

    @Test
    void run_withoutAFolder_printsUsage() throws Exception {
        Result result = photoreel("run");

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("Usage"), result.output());
    }
}
