package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar photoreel-local.jar emulator --port 0 --data-dir DIR} prints its URL and serves the contract. */
class EmulatorCommandIT {

    @TempDir
    Path dataDir;

    @Test
    void emulatorCommand_printsTheUrlAndServes() throws Exception {
        Path jar = Path.of("target", "photoreel-local.jar");
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar.toAbsolutePath());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(javaBin.toString(), "-jar", jar.toString(), "emulator",
                "--port", "0", "--data-dir", dataDir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String url = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        int at = line.indexOf("NemoVideo emulator listening on ");
                        if (at >= 0) {
                            return line.substring(at + "NemoVideo emulator listening on ".length()).trim();
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertTrue(url != null && url.startsWith("http://127.0.0.1:"), "printed URL: " + url);
            RawHttp http = new RawHttp(url);
            assertEquals("ok", http.get("/_emulator/health", null).json().path("status").asText());
            String token = http.token();
            String sid = http.session(token);
            RawHttp.Reply upload = http.upload(token, sid, java.util.Map.of("a.png", TestMedia.png(8, 8, java.awt.Color.RED)));
            assertEquals(0, upload.json().path("code").asInt(), upload.body());
            assertTrue(Files.list(dataDir.resolve("uploads")).findAny().isPresent(), "uploads are kept under --data-dir");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
