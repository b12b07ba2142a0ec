package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moto patch runs only on the moto it was written for: another version stops the launcher, naming both. */
class MotoLauncherVersionGuardIT {

    @Test
    void launcher_onAnotherMotoVersion_exitsNamingTheVersionItWasWrittenFor(@TempDir Path dir) throws Exception {
        Path fakeMoto = Files.createDirectories(dir.resolve("site/moto"));
        Files.writeString(fakeMoto.resolve("__init__.py"), "__version__ = \"9.9.9\"\n");
        Path launcher = dir.resolve("moto_launcher.py");
        try (InputStream script = MotoServer.class.getResourceAsStream("moto_launcher.py")) {
            Files.copy(script, launcher);
        }

        ProcessBuilder builder = new ProcessBuilder("python3", launcher.toString()).redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", dir.resolve("site").toString());
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not stop");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("written for") || output.contains("patches moto 5.2.1"), output);
        assertTrue(output.contains("5.2.1") && output.contains("9.9.9"), output);
    }

    @Test
    void launcherAndMotoServer_nameTheSameMotoVersion() throws IOException {
        String script;
        try (InputStream in = MotoServer.class.getResourceAsStream("moto_launcher.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String writtenFor = script.replaceAll("(?s).*\\nWRITTEN_FOR = \"([^\"]+)\".*", "$1");
        assertEquals("moto[server]==" + writtenFor, MotoServer.MOTO_REQUIREMENT);
    }
}
