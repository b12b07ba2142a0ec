package dev.photoreel.local.stack;

import dev.photoreel.workflow.Poll;
import java.io.File;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code moto_server} process on a loopback port, with the Step Functions interpreter enabled.
 * Found on PATH, as {@code python3 -m moto.server}, or in the project's {@code .venv}; when none exists it is
 * installed into {@code .venv} (pip must reach its index), otherwise starting fails saying what to install.
 */
public final class MotoServer implements AutoCloseable {

    /** The moto version the local stack is written and tested against. */
    public static final String MOTO_REQUIREMENT = "moto[server]==5.2.1";

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts moto on {@code port}; its Step Functions interpreter will call AWS services (Lambda included)
     * at {@code http://localhost:<interpreterPort>}.
     */
    public static MotoServer start(Path projectRoot, int port, int interpreterPort, Path logFile) throws IOException {
        Path launcher = logFile.resolveSibling("moto_launcher.py");
        try (java.io.InputStream script = MotoServer.class.getResourceAsStream("moto_launcher.py")) {
            Files.copy(java.util.Objects.requireNonNull(script, "moto_launcher.py resource"), launcher,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = List.of(locate(projectRoot).toString(), launcher.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        builder.environment().put("MOTO_PORT", String.valueOf(interpreterPort));
        builder.environment().put("PYTHONUNBUFFERED", "1");
        // S3 answers browsers by the bucket's CORS rules (the template's), as in AWS, not by moto's allow-all default
        builder.environment().put("MOTO_DISABLE_GLOBAL_CORS", "true");
        Process process = builder.start();
        MotoServer server = new MotoServer(process, port, logFile);
        try {
            server.awaitReady(Duration.ofSeconds(60));
            server.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("moto started: port={} interpreterPort={} command={} log={}", port, interpreterPort, command, logFile);
        return server;
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * A Python interpreter that can import moto's server: the one behind {@code moto_server} on PATH,
     * {@code python3}, the project's {@code .venv}, or a fresh {@code .venv} with moto installed.
     */
    static Path locate(Path projectRoot) throws IOException {
        String check = "import moto.server, flask, werkzeug";
        List<Path> candidates = new ArrayList<>();
        onPath("moto_server").flatMap(MotoServer::shebangPython).ifPresent(candidates::add);
        onPath("python3").ifPresent(candidates::add);
        candidates.add(projectRoot.resolve(".venv/bin/python"));
        for (Path python : candidates) {
            if (Files.isExecutable(python) && runs(List.of(python.toString(), "-c", check))) {
                return python;
            }
        }
        String howTo = "The local stack needs moto_server (" + MOTO_REQUIREMENT + "). Install it with: "
                + "python3 -m pip install '" + MOTO_REQUIREMENT + "' (or: python3 -m venv .venv && .venv/bin/pip install '"
                + MOTO_REQUIREMENT + "'), then run again.";
        Optional<Path> python = onPath("python3");
        if (python.isEmpty()) {
            throw new IllegalStateException("Python 3 was not found on PATH. " + howTo);
        }
        if (isCi()) {
            throw new IllegalStateException("CI=true and moto_server is missing: the end-to-end tests must run in CI. " + howTo);
        }
        Path venv = projectRoot.resolve(".venv");
        LOG.info("moto_server not found: installing {} into {}", MOTO_REQUIREMENT, venv);
        Path venvPython = venv.resolve("bin/python");
        if (!runs(List.of(python.get().toString(), "-m", "venv", venv.toString()))
                || !runs(List.of(venv.resolve("bin/pip").toString(), "install", "--quiet", MOTO_REQUIREMENT))
                || !runs(List.of(venvPython.toString(), "-c", check))) {
            throw new IllegalStateException("Could not install moto into " + venv + " (is pip's index reachable?). " + howTo);
        }
        return venvPython;
    }

    /** The interpreter named by a script's {@code #!} line, when it is a Python. */
    private static Optional<Path> shebangPython(Path script) {
        try (java.io.BufferedReader reader = Files.newBufferedReader(script, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            if (first != null && first.startsWith("#!") && first.contains("python")) {
                String interpreter = first.substring(2).trim().split("\\s+")[0];
                return Optional.of(Path.of(interpreter));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read {}: {}", script, e.toString());
        }
        return Optional.empty();
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Optional<Path> onPath(String executable) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean runs(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        IOException[] last = new IOException[1];
        boolean ready = Poll.untilTrue(timeout, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue() + " before it was ready; its output: "
                        + tail());
            }
            try {
                return client.send(HttpRequest.newBuilder(uri().resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                last[0] = e;
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto", e);
            }
        });
        if (!ready) {
            throw new IOException("moto_server did not answer on port " + port + " within " + timeout.toSeconds() + " s; its output: " + tail(),
                    last[0]);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void post(String path, String json) throws IOException {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri().resolve(path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("moto " + path + " answered " + response.statusCode() + ": " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
