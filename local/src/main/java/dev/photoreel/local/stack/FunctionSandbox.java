package dev.photoreel.local.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution environment of one function, as Lambda makes it: its own JVM (the function's artifact and
 * {@link RuntimeLoop} on the class path, exactly the environment it is given, {@code -Xmx} from its memory size) and
 * the Lambda Runtime API that JVM polls ({@code /2018-06-01/runtime/invocation/next}, {@code .../response},
 * {@code .../error}, {@code /runtime/init/error}) on a loopback port of its own. It runs up to
 * {@code AWS_LAMBDA_MAX_CONCURRENCY} invocations at once (the runtime polls with that many threads).
 *
 * <p>How an invocation can end, as Lambda reports it: the handler's output; its exception ({@code Unhandled}, typed by
 * the class name the runtime reported); an init error (the handler could not be created); {@code Runtime.ExitError}
 * when the JVM exits or is killed; {@code Sandbox.Timedout} when it outlives its timeout, which kills the JVM. The
 * timeout counts from the moment the runtime takes the invocation, so a cold start is not part of it (as on Lambda);
 * the init phase has its own bound. A sandbox that ended any other way than a response or a handled error is dead and
 * never used again.
 */
final class FunctionSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionSandbox.class);
    private static final String RUNTIME = "/2018-06-01/runtime";
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** How a sandbox is launched: the java binary, and per function its JVM flags, class path and environment. */
    record Launch(String java, Function<FunctionSpec, List<String>> jvmFlags, Function<FunctionSpec, List<Path>> classPath,
            Function<FunctionSpec, Map<String, String>> environment, Duration initLimit) {
    }

    private record Pending(String requestId, byte[] payload, String invokedArn, Duration timeout,
            CompletableFuture<FunctionRuntime.Invocation> result) {
    }

    private final FunctionSpec function;
    private final String id;
    private final HttpServer server;
    private final ExecutorService serverThreads;
    private volatile Process process;
    private final BlockingQueue<Pending> queued = new LinkedBlockingQueue<>();
    private final Map<String, Pending> running = new ConcurrentHashMap<>();
    private final AtomicBoolean dead = new AtomicBoolean();
    private final ScheduledExecutorService timers;
    private volatile boolean killedOnPurpose;
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();

    private FunctionSandbox(FunctionSpec function, String id, HttpServer server, ExecutorService serverThreads,
            ScheduledExecutorService timers) {
        this.function = function;
        this.id = id;
        this.server = server;
        this.serverThreads = serverThreads;
        this.timers = timers;
    }

    /** Starts the Runtime API and the function's JVM (its init runs while the first invocation waits). */
    static FunctionSandbox start(FunctionSpec function, Launch launch, ScheduledExecutorService timers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "runtime-api-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        List<String> command = new ArrayList<>();
        command.add(launch.java());
        command.addAll(launch.jvmFlags().apply(function));
        // the Lambda Java runtime's heap: about 85% of the function's memory
        command.add("-Xmx" + Math.max(64, function.memoryMb() * 85 / 100) + "m");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, launch.classPath().apply(function).stream().map(Object::toString).toList()));
        command.add(RuntimeLoop.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.putAll(launch.environment().apply(function));
        environment.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        environment.put("_HANDLER", function.handlerClass() + "::handleRequest");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memoryMb()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        // as Lambda sets it for an environment started on demand (Powertools reads its cold_start from it)
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_LAMBDA_MAX_CONCURRENCY", String.valueOf(FunctionRuntime.CONCURRENCY_PER_SANDBOX));
        String id = UUID.randomUUID().toString().substring(0, 8);
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + id);
        FunctionSandbox sandbox = new FunctionSandbox(function, id, server, threads, timers);
        server.createContext(RUNTIME + "/", sandbox::handle);
        server.start();
        try {
            sandbox.process = builder.start();
        } catch (IOException e) {
            server.stop(0);
            threads.shutdownNow();
            throw new IOException("Cannot start the JVM of " + function.logicalId() + " (" + launch.java() + "): " + e.getMessage(), e);
        }
        sandbox.forwardOutput();
        sandbox.process.onExit().thenRun(sandbox::exited);
        LOG.info("Function sandbox started: function={} sandbox={} pid={}", function.name(), id, sandbox.process.pid());
        return sandbox;
    }

    /**
     * Writes {@code runtime-loop.jar} into {@code dir}: {@link RuntimeLoop}'s class file alone, so a function's JVM has
     * that one class of the local stack next to its artifact and nothing else of it. The jar is the same bytes on every
     * run and is left untouched when it already holds them: class data sharing ({@link ClassDataArchives}) archives
     * classes from jars only, and checks each jar's size and time.
     */
    static Path writeRuntimeLoop(Path dir) throws IOException {
        String resource = RuntimeLoop.class.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = RuntimeLoop.class.getClassLoader().getResourceAsStream(resource);
                ZipOutputStream jar = new ZipOutputStream(bytes)) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + resource + " from the local stack's class path");
            }
            ZipEntry entry = new ZipEntry(resource);
            entry.setTime(0);
            jar.putNextEntry(entry);
            in.transferTo(jar);
            jar.closeEntry();
        }
        Files.createDirectories(dir);
        Path target = dir.resolve("runtime-loop.jar");
        byte[] content = bytes.toByteArray();
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return target;
        }
        Path written = Files.createTempFile(dir, "runtime-loop", ".tmp");
        Files.write(written, content);
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    FunctionSpec function() {
        return function;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return !dead.get() && process.isAlive();
    }

    /** Runs no invocation and has none waiting. */
    boolean idle() {
        return running.isEmpty();
    }

    /** Hands the invocation to the runtime and completes when it ended, one of the ways the class comment lists. */
    CompletableFuture<FunctionRuntime.Invocation> invoke(byte[] payload, String invokedArn, Duration timeout, Duration initLimit) {
        Pending pending = new Pending(UUID.randomUUID().toString(), payload, invokedArn, timeout, new CompletableFuture<>());
        running.put(pending.requestId(), pending);
        pending.result().whenComplete((result, error) -> running.remove(pending.requestId()));
        if (dead.get()) {
            pending.result().complete(exitError(pending.requestId()));
            return pending.result();
        }
        queued.add(pending);
        timers.schedule(() -> {
            if (queued.remove(pending)) {
                LOG.warn("Function init timed out: function={} sandbox={} initLimitSeconds={}", function.name(), id, initLimit.toSeconds());
                retire();
                pending.result().complete(failure("Sandbox.Timedout", "RequestId: " + pending.requestId()
                        + " Error: the runtime did not ask for the invocation within " + initLimit.toSeconds() + " s (init phase)"));
                kill();
            }
        }, initLimit.toMillis(), TimeUnit.MILLISECONDS);
        return pending.result();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(RUNTIME.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("/init/error")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                LOG.warn("Function init failed: function={} sandbox={} errorType={}", function.name(), id,
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
                dead.set(true);
                for (Pending pending = queued.poll(); pending != null; pending = queued.poll()) {
                    pending.result().complete(new FunctionRuntime.Invocation(body, "Unhandled"));
                }
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.startsWith("/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("/invocation/".length(), path.lastIndexOf('/'));
                byte[] body = exchange.getRequestBody().readAllBytes();
                Pending pending = running.get(requestId);
                if (pending == null) {
                    send(exchange, 400, "{\"errorMessage\":\"unknown or finished request id\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                boolean error = path.endsWith("/error");
                if (error) {
                    LOG.info("Function error: function={} requestId={} errorType={}", function.name(), requestId,
                            exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
                }
                pending.result().complete(new FunctionRuntime.Invocation(body, error ? "Unhandled" : null));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"not a Runtime API path\",\"errorType\":\"NotFound\"}");
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Runtime API request failed: function={} sandbox={} error={}", function.name(), id, e.toString());
        }
    }

    /** Completes (true) when the runtime finished its init and asks for an invocation, or (false) when the JVM ended first. */
    CompletableFuture<Boolean> ready() {
        return ready;
    }

    private void next(HttpExchange exchange) throws IOException {
        ready.complete(true);
        Pending pending = null;
        try {
            // a sandbox that dies interrupts its waiting pollers (serverThreads.shutdownNow): the timeout is only a backstop
            // for the 32 pollers of each of 24 functions, which would otherwise wake hundreds of times a second
            while (pending == null && !dead.get()) {
                pending = queued.poll(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            send(exchange, 410, "{\"errorMessage\":\"the sandbox is shutting down\",\"errorType\":\"Gone\"}");
            return;
        }
        long deadline = System.currentTimeMillis() + pending.timeout().toMillis();
        Pending taken = pending;
        timers.schedule(() -> {
            if (!taken.result().isDone()) {
                LOG.warn("Function timed out: function={} requestId={} timeoutSeconds={}", function.name(), taken.requestId(),
                        taken.timeout().toSeconds());
                retire();
                taken.result().complete(failure("Sandbox.Timedout", "RequestId: " + taken.requestId() + " Error: Task timed out after "
                        + taken.timeout().toSeconds() + ".00 seconds"));
                kill();
            }
        }, pending.timeout().toMillis(), TimeUnit.MILLISECONDS);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", String.valueOf(deadline));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", pending.invokedArn());
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + pending.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, pending.payload().length == 0 ? -1 : pending.payload().length);
        if (pending.payload().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(pending.payload());
            }
        }
    }

    /** The JVM ended: every invocation it held or was waiting to take fails as Lambda reports a runtime that exited. */
    private void exited() {
        dead.set(true);
        ready.complete(false);
        if (!killedOnPurpose) {
            LOG.warn("Function runtime exited: function={} sandbox={} exitCode={}", function.name(), id, process.exitValue());
        }
        for (Pending pending : List.copyOf(running.values())) {
            pending.result().complete(exitError(pending.requestId()));
        }
        queued.clear();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private FunctionRuntime.Invocation exitError(String requestId) {
        int code = process.isAlive() ? -1 : process.exitValue();
        String how = code > 128 ? "signal: " + (code == 137 ? "killed" : String.valueOf(code - 128)) : "exit status " + code;
        return failure("Runtime.ExitError", "RequestId: " + requestId + " Error: Runtime exited with error: " + how);
    }

    static FunctionRuntime.Invocation failure(String errorType, String message) {
        String body = "{\"errorMessage\":" + quote(message) + ",\"errorType\":" + quote(errorType) + ",\"stackTrace\":[]}";
        return new FunctionRuntime.Invocation(body.getBytes(StandardCharsets.UTF_8), "Unhandled");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The function's log lines (its stdout and stderr, what Lambda sends to CloudWatch) go to this JVM's standard output. */
    private void forwardOutput() {
        Thread forwarder = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "lambda-log-" + function.name() + "-" + id);
        forwarder.setDaemon(true);
        forwarder.start();
    }

    /** Marks the sandbox as never to be used again (before its invocation's outcome is published). */
    private void retire() {
        killedOnPurpose = true;
        dead.set(true);
    }

    /** Kills the JVM at once (SIGKILL), as Lambda ends a sandbox that timed out or crashed. */
    void kill() {
        retire();
        process.destroyForcibly();
    }

    /** Stops the JVM (SIGTERM, then SIGKILL after 2 s) and the Runtime API, and waits for the JVM to be gone. */
    @Override
    public void close() {
        killedOnPurpose = true;
        dead.set(true);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
