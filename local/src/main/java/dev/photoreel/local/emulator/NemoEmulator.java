package dev.photoreel.local.emulator;

import static dev.photoreel.local.emulator.Exchanges.JSON;
import static dev.photoreel.local.emulator.Exchanges.readJson;
import static dev.photoreel.local.emulator.Exchanges.send;
import static dev.photoreel.local.emulator.Exchanges.trySend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.photoreel.local.emulator.Exchanges.BadRequest;
import dev.photoreel.local.emulator.Routes.Route;
import dev.photoreel.render.Ffmpeg;
import dev.photoreel.render.FfmpegLocator;
import dev.photoreel.render.FfmpegRenderEngine;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.render.RenderException;
import dev.photoreel.render.RenderSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful NemoVideo emulator: an HTTP server implementing the whole contract
 * ({@code docs/nemovideo-api.md}) with real state, real uploads, a paced instruction stream
 * that builds the session's draft, and real renders. Start one with {@link #start(EmulatorOptions)};
 * turn its knobs with {@link #faults()} or {@code POST /_emulator/faults}. This class wires the parts and runs the
 * request loop; the endpoints live in {@code SessionEndpoints}, {@code UploadEndpoints} and {@code RenderEndpoints}
 * (the layout is in {@code package-info.java}).
 */
public final class NemoEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NemoEmulator.class);

    private final EmulatorFaults faults;
    private final Accounts accounts;
    private final Sessions sessions;
    private final FileStore store;
    private final RenderJobs renders;
    private final SessionEndpoints sessionEndpoints;
    private final UploadEndpoints uploadEndpoints;
    private final RenderEndpoints renderEndpoints;
    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final ExecutorService renderExecutor;
    private final AtomicInteger instructions = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final Path tempRoot;
    private final String baseUrl;

    private NemoEmulator(EmulatorOptions options) throws IOException {
        this.faults = new EmulatorFaults(options);
        this.accounts = new Accounts(options.clock(), options.tokenLifetime(), options.tokenRateLimitWindow(),
                options.startingCredits());
        this.sessions = new Sessions(accounts, faults);
        this.tempRoot = options.dataDir() == null ? Files.createTempDirectory("nemo-emulator-") : null;
        this.store = new FileStore(options.dataDir() != null ? Files.createDirectories(options.dataDir()) : tempRoot);
        Ffmpeg ffmpeg = locateFfmpeg();
        MediaInspector inspector = new MediaInspector(ffmpeg == null ? null : new MediaProbe(ffmpeg));
        HttpClient fetcher = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.httpExecutor = Executors.newCachedThreadPool(daemon("nemo-emulator-http"));
        this.renderExecutor = Executors.newCachedThreadPool(daemon("nemo-emulator-render"));
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        this.baseUrl = "http://" + (options.host().contains(":") ? "[" + options.host() + "]" : options.host())
                + ":" + server.getAddress().getPort();
        store.baseUrl(baseUrl);
        this.uploadEndpoints = new UploadEndpoints(options, sessions, store, inspector, fetcher, uploads);
        RenderEngine engine = options.renderEngine() != null ? options.renderEngine() : defaultEngine(ffmpeg);
        this.renders = new RenderJobs(renderExecutor, engine, store, uploadEndpoints::resolveMedia, inspector, options.clock(),
                options.slowRenderDelay(), options.renderConcurrency());
        this.sessionEndpoints = new SessionEndpoints(options, faults, accounts, sessions, instructions);
        this.renderEndpoints = new RenderEndpoints(faults, sessions, renders, store);
        server.setExecutor(httpExecutor);
        server.createContext("/", this::handle);
    }

    /** Starts an emulator; it serves until {@link #close()}. */
    public static NemoEmulator start(EmulatorOptions options) throws IOException {
        NemoEmulator emulator = new NemoEmulator(options);
        emulator.server.start();
        LOG.info("NemoVideo emulator started. baseUrl={} dataDir={}", emulator.baseUrl, emulator.store.root());
        return emulator;
    }

    private static Ffmpeg locateFfmpeg() {
        try {
            return FfmpegLocator.locate();
        } catch (RenderException e) {
            LOG.warn("ffmpeg not found: renders will fail and durations are not recorded. error={}", e.getMessage());
            return null;
        }
    }

    private static RenderEngine defaultEngine(Ffmpeg ffmpeg) {
        if (ffmpeg == null) {
            return (timeline, output) -> {
                throw new RenderException("ffmpeg was not found: set " + FfmpegLocator.FFMPEG_ENV
                        + " to an ffmpeg executable (on Linux x86_64/arm64 the bundled one is used; see the log)");
            };
        }
        return new FfmpegRenderEngine(ffmpeg, RenderSettings.fromEnvironment());
    }

    /** e.g. {@code http://127.0.0.1:8787}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public URI baseUri() {
        return URI.create(baseUrl);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where uploads and renders are kept. */
    public Path dataDir() {
        return store.root();
    }

    /** The run-time knobs. */
    public EmulatorFaults faults() {
        return faults;
    }

    /** How many tokens were minted for {@code clientId} since start. */
    public int tokensMinted(String clientId) {
        return accounts.tokensMinted(clientId);
    }

    public Map<String, Integer> tokensMintedByClient() {
        return accounts.tokensMintedByClient();
    }

    public int sessionCount() {
        return sessions.count();
    }

    /** Sessions forgotten by the "dropSessionsAfterInstruction" fault since start. */
    public int sessionsDropped() {
        return sessions.dropped();
    }

    public int instructionCount() {
        return instructions.get();
    }

    /** When the render finished by the emulator's clock (epoch ms); empty while it is not completed. */
    public Optional<Long> renderCompletedAt(String renderId) {
        RenderJobs.Job job = renders.get(renderId);
        return job == null || job.status != RenderJobs.Status.COMPLETED ? Optional.empty() : Optional.ofNullable(job.completedAt);
    }

    public int renderCount() {
        return renders.all().size();
    }

    /** Expires every token now ("a token that expires now"); returns how many were valid. */
    public int expireAllTokens() {
        return accounts.expireAll();
    }

    /** Expires one token now; false when it is unknown. */
    public boolean expireToken(String token) {
        return accounts.expire(token);
    }

    /** Sets every user's available credits, existing and created later (0: the next instruction gets 2001). */
    public void setAvailableCredits(long credits) {
        accounts.setAvailableCredits(credits);
    }

    /** The session's current draft, if the session exists. */
    public Optional<JsonNode> draft(String sessionId) {
        Session s = sessions.find(sessionId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.draft());
    }

    /** The counters of {@code GET /_emulator/stats}. */
    public ObjectNode stats() {
        ObjectNode stats = JSON.createObjectNode();
        ObjectNode minted = stats.putObject("tokensMinted");
        accounts.tokensMintedByClient().forEach(minted::put);
        stats.put("users", accounts.users());
        stats.put("sessions", sessionCount());
        stats.put("sessionsDropped", sessions.dropped());
        stats.put("uploads", uploads.get());
        stats.put("instructions", instructions.get());
        ObjectNode r = stats.putObject("renders");
        List<RenderJobs.Job> all = renders.all();
        r.put("total", all.size());
        for (RenderJobs.Status status : RenderJobs.Status.values()) {
            r.put(status.name().toLowerCase(Locale.ROOT), all.stream().filter(j -> j.status == status).count());
        }
        return stats;
    }

    @Override
    public void close() {
        server.stop(0);
        httpExecutor.shutdownNow();
        renderExecutor.shutdownNow();
        try {
            renderExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tempRoot != null) {
            deleteQuietly(tempRoot);
        }
        LOG.info("NemoVideo emulator stopped. baseUrl={}", baseUrl);
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = ex.getRequestURI().getRawPath();
        long started = System.nanoTime();
        int[] status = {0};
        boolean cut = false;
        try {
            if (path.startsWith("/_emulator/")) {
                status[0] = admin(ex, method, path);
                return;
            }
            Route route = Routes.route(method, path);
            if (route == null) {
                status[0] = send(ex, 404, JSON.createObjectNode().put("detail", "Not Found"));
                return;
            }
            Duration latency = faults.latency();
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            Integer injected = faults.takeFailure(route.endpoint());
            if (injected != null) {
                status[0] = injectedFailure(ex, injected);
                return;
            }
            status[0] = dispatch(ex, route);
        } catch (ApiError e) {
            status[0] = send(ex, e.httpStatus(), e.body());
        } catch (Accounts.RateLimited e) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(e.retryAfterSeconds));
            status[0] = send(ex, 429, JSON.createObjectNode().put("code", 429).put("message", e.getMessage()).putNull("data"));
        } catch (BadRequest e) {
            status[0] = send(ex, e.status, JSON.createObjectNode().put("detail", e.getMessage()));
        } catch (InstructionStream.StreamCut e) {
            LOG.info("stream cut on purpose. path={}", path);
            cut = true;
            throw e; // the server drops the connection without ending the chunked body
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("client went away. path={} error={}", path, e.toString());
        } catch (RuntimeException e) {
            LOG.error("emulator bug. method={} path={}", method, path, e);
            status[0] = trySend(ex, 500, JSON.createObjectNode().put("detail", "Internal error in the emulator: " + e));
        } finally {
            if (!cut) {
                ex.close();
            }
            LOG.debug("request. method={} path={} status={} ms={}", method, path, status[0],
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private int dispatch(HttpExchange ex, Route route) throws IOException, InterruptedException {
        return switch (route.endpoint()) {
            case TOKEN -> sessionEndpoints.token(ex);
            case SESSION -> sessionEndpoints.createSession(ex);
            case UPLOAD -> uploadEndpoints.upload(ex, route.id());
            case RUN_SSE -> sessionEndpoints.runSse(ex);
            case CREDITS -> sessionEndpoints.credits(ex);
            case STATE -> sessionEndpoints.state(ex, route.id());
            case RENDER_SUBMIT -> renderEndpoints.submitRender(ex);
            case RENDER_POLL -> renderEndpoints.pollRender(ex, route.id());
            case RENDER_CANCEL -> renderEndpoints.cancelRender(ex, route.id());
            case RENDER_DOWNLOAD -> renderEndpoints.download(ex, route.id());
            case FILES -> renderEndpoints.serveFile(ex, route.id());
        };
    }

    private int injectedFailure(HttpExchange ex, int status) throws IOException {
        if (status == 429) {
            ex.getResponseHeaders().set("Retry-After", "1");
            return send(ex, 429, JSON.createObjectNode().put("code", 429)
                    .put("message", "Too many requests: rate limited, retry in 30 s (injected by the emulator)").putNull("data"));
        }
        return send(ex, status, JSON.createObjectNode().put("detail",
                "HTTP " + status + " (injected by the emulator)"));
    }

    // ---------------------------------------------------------------- admin

    private int admin(HttpExchange ex, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "GET /_emulator/stats" -> {
                return send(ex, 200, stats());
            }
            case "GET /_emulator/health" -> {
                return send(ex, 200, JSON.createObjectNode().put("status", "ok").put("baseUrl", baseUrl));
            }
            case "GET /_emulator/faults" -> {
                return send(ex, 200, faults.toJson(JSON));
            }
            case "POST /_emulator/faults" -> {
                JsonNode body = readJson(ex);
                try {
                    applyAdmin(body);
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(400, e.getMessage());
                }
                return send(ex, 200, faults.toJson(JSON));
            }
            default -> {
                return send(ex, 404, JSON.createObjectNode().put("detail",
                        "Unknown admin endpoint; use GET /_emulator/stats, GET /_emulator/health, GET|POST /_emulator/faults"));
            }
        }
    }

    /**
     * The admin JSON: everything {@link EmulatorFaults#apply} reads, plus state changes:
     * {@code "expireTokens": true} (every token expires now), {@code "expireToken": "<token>"},
     * {@code "credits": N} (every user's available credits, existing and new).
     */
    public void applyAdmin(JsonNode body) {
        faults.apply(body);
        if (body.path("expireTokens").asBoolean(false)) {
            expireAllTokens();
        }
        if (body.hasNonNull("expireToken")) {
            expireToken(body.get("expireToken").asText());
        }
        if (body.has("credits")) {
            setAvailableCredits(body.get("credits").asLong());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("could not delete. path={}", p);
                }
            });
        } catch (IOException e) {
            LOG.debug("could not clean up. path={}", root);
        }
    }
}
