package dev.photoreel.local.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.photoreel.local.Json;
import dev.photoreel.media.MediaFormat;
import dev.photoreel.render.Ffmpeg;
import dev.photoreel.render.FfmpegLocator;
import dev.photoreel.render.FfmpegRenderEngine;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.render.RenderException;
import dev.photoreel.render.RenderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful NemoVideo emulator: an HTTP server implementing the whole contract
 * ({@code docs/nemovideo-api.md}) with real state, real uploads, a paced instruction stream
 * that builds the session's draft, and real renders. Start one with {@link #start(EmulatorOptions)};
 * turn its knobs with {@link #faults()} or {@code POST /_emulator/faults}.
 */
public final class NemoEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NemoEmulator.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern UPLOAD = Pattern.compile("/api/upload-video/nemo_agent/me/([^/]+)");
    private static final Pattern STATE = Pattern.compile("/api/state/nemo_agent/me/([^/]+)/latest");
    private static final Pattern RENDER_POLL = Pattern.compile("/api/render/proxy/lambda/([^/]+)");
    private static final Pattern RENDER_CANCEL = Pattern.compile("/api/render/proxy/lambda/([^/]+)/cancel");
    private static final Pattern RENDER_DOWNLOAD = Pattern.compile("/api/render/proxy/([^/]+)/download");
    private static final List<String> ATTRIBUTION = List.of("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform");

    private final EmulatorOptions options;
    private final EmulatorFaults faults;
    private final Accounts accounts;
    private final Map<String, Session> sessions = new HashMap<>();
    private final FileStore store;
    private final MediaInspector inspector;
    private final RenderJobs renders;
    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final ExecutorService renderExecutor;
    private final HttpClient fetcher;
    private final AtomicInteger instructions = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger sessionsDropped = new AtomicInteger();
    private final Path tempRoot;
    private final String baseUrl;

    private NemoEmulator(EmulatorOptions options) throws IOException {
        this.options = options;
        this.faults = new EmulatorFaults(options);
        this.accounts = new Accounts(options.clock(), options.tokenLifetime(), options.tokenRateLimitWindow(),
                options.startingCredits());
        this.tempRoot = options.dataDir() == null ? Files.createTempDirectory("nemo-emulator-") : null;
        this.store = new FileStore(options.dataDir() != null ? Files.createDirectories(options.dataDir()) : tempRoot);
        Ffmpeg ffmpeg = locateFfmpeg();
        this.inspector = new MediaInspector(ffmpeg == null ? null : new MediaProbe(ffmpeg));
        this.fetcher = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.httpExecutor = Executors.newCachedThreadPool(daemon("nemo-emulator-http"));
        this.renderExecutor = Executors.newCachedThreadPool(daemon("nemo-emulator-render"));
        this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        this.baseUrl = "http://" + (options.host().contains(":") ? "[" + options.host() + "]" : options.host())
                + ":" + server.getAddress().getPort();
        store.baseUrl(baseUrl);
        RenderEngine engine = options.renderEngine() != null ? options.renderEngine() : defaultEngine(ffmpeg);
        this.renders = new RenderJobs(renderExecutor, engine, store, this::resolveMedia, inspector, options.clock(),
                options.slowRenderDelay(), options.renderConcurrency());
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
        synchronized (sessions) {
            return sessions.size();
        }
    }

    /** Sessions forgotten by the "dropSessionsAfterInstruction" fault since start. */
    public int sessionsDropped() {
        return sessionsDropped.get();
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
        Session s;
        synchronized (sessions) {
            s = sessions.get(sessionId);
        }
        return s == null ? Optional.empty() : Optional.ofNullable(s.draft());
    }

    /** The counters of {@code GET /_emulator/stats}. */
    public ObjectNode stats() {
        ObjectNode stats = JSON.createObjectNode();
        ObjectNode minted = stats.putObject("tokensMinted");
        accounts.tokensMintedByClient().forEach(minted::put);
        stats.put("users", accounts.users());
        stats.put("sessions", sessionCount());
        stats.put("sessionsDropped", sessionsDropped.get());
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
            Route route = route(method, path);
            if (route == null) {
                status[0] = send(ex, 404, JSON.createObjectNode().put("detail", "Not Found"));
                return;
            }
            Duration latency = faults.latency();
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            Integer injected = faults.takeFailure(route.endpoint);
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

    private record Route(Endpoint endpoint, String id) {
    }

    private static Route route(String method, String path) throws BadRequest {
        Matcher m;
        Route r = null;
        String expected = "POST";
        if (path.equals("/api/auth/anonymous-token")) {
            r = new Route(Endpoint.TOKEN, null);
        } else if (path.equals("/api/tasks/me/with-session/nemo_agent")) {
            r = new Route(Endpoint.SESSION, null);
        } else if ((m = UPLOAD.matcher(path)).matches()) {
            r = new Route(Endpoint.UPLOAD, decode(m.group(1)));
        } else if (path.equals("/run_sse")) {
            r = new Route(Endpoint.RUN_SSE, null);
        } else if (path.equals("/api/credits/balance/simple")) {
            r = new Route(Endpoint.CREDITS, null);
            expected = "GET";
        } else if ((m = STATE.matcher(path)).matches()) {
            r = new Route(Endpoint.STATE, decode(m.group(1)));
            expected = "GET";
        } else if (path.equals("/api/render/proxy/lambda")) {
            r = new Route(Endpoint.RENDER_SUBMIT, null);
        } else if ((m = RENDER_CANCEL.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_CANCEL, decode(m.group(1)));
        } else if ((m = RENDER_POLL.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_POLL, decode(m.group(1)));
            expected = "GET";
        } else if ((m = RENDER_DOWNLOAD.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_DOWNLOAD, decode(m.group(1)));
            expected = "GET";
        } else if (path.startsWith("/files/")) {
            r = new Route(Endpoint.FILES, decode(path.substring("/files/".length())));
            expected = "GET";
        }
        if (r == null) {
            return null;
        }
        boolean ok = method.equals(expected) || (expected.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new BadRequest(405, "Method Not Allowed: " + method + " " + path + " expects " + expected);
        }
        return r;
    }

    private int dispatch(HttpExchange ex, Route route) throws IOException, InterruptedException {
        return switch (route.endpoint) {
            case TOKEN -> token(ex);
            case SESSION -> createSession(ex);
            case UPLOAD -> upload(ex, route.id);
            case RUN_SSE -> runSse(ex);
            case CREDITS -> credits(ex);
            case STATE -> state(ex, route.id);
            case RENDER_SUBMIT -> submitRender(ex);
            case RENDER_POLL -> pollRender(ex, route.id);
            case RENDER_CANCEL -> cancelRender(ex, route.id);
            case RENDER_DOWNLOAD -> download(ex, route.id);
            case FILES -> serveFile(ex, route.id);
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

    // ---------------------------------------------------------------- endpoints

    private int token(HttpExchange ex) throws IOException {
        drain(ex);
        Accounts.Minted minted = accounts.mint(ex.getRequestHeaders().getFirst("X-Client-Id"));
        ObjectNode data = JSON.createObjectNode();
        data.put("token", minted.token()).put("user_id", minted.userId())
                .put("expires_at", minted.expiresAt().toString()).put("credits", minted.credits());
        return ok(ex, data);
    }

    private int createSession(HttpExchange ex) throws IOException {
        Accounts.User user = authenticate(ex);
        JsonNode body = readJsonOrEmpty(ex);
        String sessionId = (1 + RANDOM.nextInt(9)) + String.format("%018d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000_000L));
        String taskId = "task_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Session session = new Session(sessionId, taskId, body.path("task_name").asText("project"),
                body.path("language").asText("en"), user.userId);
        synchronized (sessions) {
            sessions.put(sessionId, session);
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("task_id", taskId).put("session_id", sessionId).put("user_id", user.userId);
        return ok(ex, data);
    }

    private int credits(HttpExchange ex) throws IOException {
        Accounts.User user = authenticate(ex);
        Accounts.Balance b = accounts.balance(user);
        ObjectNode data = JSON.createObjectNode();
        data.put("available", b.available()).put("frozen", b.frozen()).put("total", b.total());
        return ok(ex, data);
    }

    private int state(HttpExchange ex, String sessionId) throws IOException {
        Accounts.User user = authenticate(ex);
        Session session = session(sessionId, user);
        ObjectNode draft = session.draft();
        InstructionPlan.Canvas canvas = DraftBuilder.canvasOf(session.plan());
        ObjectNode data = JSON.createObjectNode();
        data.put("session_id", session.sessionId).put("task_id", session.taskId).put("task_name", session.taskName);
        ObjectNode state = data.putObject("state");
        state.set("draft", draft != null ? draft : DraftBuilder.empty(canvas));
        ArrayNode infos = state.putArray("video_infos");
        session.files().forEach(f -> infos.add(fileJson(f)));
        state.putObject("canvas_config").put("width", canvas.width).put("height", canvas.height).put("ratio", canvas.ratio);
        state.putArray("video_analyses");
        state.putArray("generated_media");
        return ok(ex, data);
    }

    // ---------------------------------------------------------------- uploads

    private int upload(HttpExchange ex, String sessionId) throws IOException {
        Accounts.User user = authenticate(ex);
        Session session = session(sessionId, user);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = MultipartReader.boundaryOf(contentType);
        List<FileStore.Received> received = boundary != null ? receiveMultipart(ex, boundary) : receiveUrls(ex);
        try {
            List<StoredFile> stored = storeAll(received);
            session.addFiles(stored);
            uploads.addAndGet(stored.size());
            LOG.info("upload stored. sessionId={} files={}", sessionId, stored.size());
            ObjectNode data = JSON.createObjectNode();
            ArrayNode files = data.putArray("files");
            stored.forEach(f -> files.add(fileJson(f)));
            data.put("session_state_applied", true);
            return ok(ex, data);
        } finally {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
        }
    }

    private List<StoredFile> storeAll(List<FileStore.Received> received) throws IOException {
        if (received.isEmpty()) {
            throw new BadRequest(422, "No files: send multipart 'files' parts or JSON {\"urls\": [...], \"source_type\": \"url\"}");
        }
        List<MediaFormat> formats = new ArrayList<>();
        for (FileStore.Received r : received) {
            if (r.tooLarge()) {
                throw ApiError.fileCode(4002, "File too large: " + r.filename() + " is " + r.size() + " bytes; the limit is "
                        + options.maxFileBytes() + " bytes", r.filename());
            }
            MediaFormat format = UploadFormats.accepted(r.filename(), r.head());
            formats.add(format);
        }
        List<StoredFile> stored = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            FileStore.Received r = received.get(i);
            MediaInfo info = inspector.inspect(r.path(), formats.get(i));
            stored.add(store.storeUpload(r, formats.get(i), info));
        }
        return stored;
    }

    private List<FileStore.Received> receiveMultipart(HttpExchange ex, String boundary) throws IOException {
        List<FileStore.Received> received = new ArrayList<>();
        FileStore.CappedSink[] current = {null};
        try (InputStream in = ex.getRequestBody()) {
            MultipartReader.read(in, boundary, new MultipartReader.PartHandler() {
                @Override
                public OutputStream begin(String name, String filename, String partType) throws IOException {
                    if (!"files".equals(name) && filename == null) {
                        return OutputStream.nullOutputStream();
                    }
                    String fname = filename != null ? filename : "file" + (received.size() + 1);
                    current[0] = new FileStore.CappedSink(fname, store.newTempFile(".upload"), options.maxFileBytes());
                    return current[0];
                }

                @Override
                public void end() throws IOException {
                    if (current[0] != null) {
                        current[0].close();
                        received.add(current[0].received());
                        current[0] = null;
                    }
                }
            });
        } catch (IOException e) {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
            throw new BadRequest(400, "Malformed multipart body: " + e.getMessage());
        }
        return received;
    }

    private List<FileStore.Received> receiveUrls(HttpExchange ex) throws IOException {
        JsonNode body = readJson(ex);
        JsonNode urls = body.path("urls");
        if (!urls.isArray() || urls.isEmpty()) {
            throw new BadRequest(422, "Send multipart 'files' parts, or JSON {\"urls\": [...], \"source_type\": \"url\"} with at least one URL");
        }
        List<FileStore.Received> received = new ArrayList<>();
        try {
            for (JsonNode u : urls) {
                received.add(fetch(u.asText()));
            }
        } catch (IOException | RuntimeException e) {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
            throw e;
        }
        return received;
    }

    /** Downloads one URL as the vendor does (so a presigned S3 GET URL works). */
    private FileStore.Received fetch(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.withCode(400, 400, "Invalid URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw ApiError.withCode(400, 400, "Invalid URL (http or https only): " + url);
        }
        String shown = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(); // never echo signatures
        String path = uri.getPath() == null ? "" : uri.getPath();
        String filename = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        if (filename.isBlank()) {
            filename = "download";
        }
        HttpResponse<InputStream> response;
        try {
            response = fetcher.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + shown, e);
        } catch (IOException e) {
            throw ApiError.withCode(400, 400, "Could not download " + shown + ": " + e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                in.readAllBytes();
                throw ApiError.withCode(400, 400, "Could not download " + shown + ": HTTP " + response.statusCode());
            }
            FileStore.CappedSink sink = new FileStore.CappedSink(filename, store.newTempFile(".fetch"), options.maxFileBytes());
            try (sink) {
                in.transferTo(sink);
            }
            return sink.received();
        }
    }

    private ObjectNode fileJson(StoredFile f) {
        ObjectNode json = JSON.createObjectNode();
        json.put("filename", f.filename()).put("file_type", f.format().kind().name().toLowerCase(Locale.ROOT)).put("cdn_url", f.cdnUrl());
        MediaInfo info = f.info();
        putNumber(json, "duration", info.durationSeconds());
        putNumber(json, "width", info.width() == null ? null : info.width().doubleValue());
        putNumber(json, "height", info.height() == null ? null : info.height().doubleValue());
        putNumber(json, "fps", info.fps());
        json.put("hash", f.sha256()).put("size", f.size()).put("format", f.format().extension());
        return json;
    }

    private static void putNumber(ObjectNode json, String field, Double value) {
        if (value == null) {
            json.putNull(field);
        } else if (value == Math.rint(value) && !field.equals("duration") && !field.equals("fps")) {
            json.put(field, value.longValue());
        } else {
            json.put(field, value);
        }
    }

    /** Maps a segment's {@code src} to a local file: the emulator's own files directly, other URLs downloaded. */
    private Path resolveMedia(String src) {
        Optional<Path> local = store.localFileOf(src);
        if (local.isPresent()) {
            return local.get();
        }
        if (src.startsWith("http://") || src.startsWith("https://")) {
            try {
                FileStore.Received r = fetch(src);
                if (r.tooLarge()) {
                    throw new IllegalArgumentException("media " + src + " is larger than the upload limit");
                }
                return r.path();
            } catch (IOException | ApiError e) {
                throw new IllegalArgumentException("could not fetch media " + src + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("media source is not a URL this emulator can read: " + src);
    }

    // ---------------------------------------------------------------- instruction stream

    private int runSse(HttpExchange ex) throws IOException, InterruptedException {
        Accounts.User user = authenticate(ex);
        JsonNode body = readJson(ex);
        String sessionId = body.path("session_id").asText(null);
        if (sessionId == null) {
            throw new BadRequest(422, "session_id is required in the /run_sse body");
        }
        Session session = session(sessionId, user);
        StringBuilder instruction = new StringBuilder();
        for (JsonNode part : body.path("new_message").path("parts")) {
            if (part.hasNonNull("text")) {
                instruction.append(part.get("text").asText()).append('\n');
            }
        }
        if (instruction.toString().isBlank()) {
            throw new BadRequest(422, "new_message.parts[].text is required: send the instruction text");
        }
        int cost = options.instructionCost();
        accounts.freeze(user, cost);
        instructions.incrementAndGet();
        String dialectHeader = ex.getRequestHeaders().getFirst("X-Emulator-Dialect");
        String silentHeader = ex.getRequestHeaders().getFirst("X-Emulator-Silent");
        InstructionStream.Script script = new InstructionStream.Script(
                dialectHeader != null ? EmulatorFaults.parse(SseDialect.class, dialectHeader) : faults.dialect(),
                silentHeader != null ? Boolean.parseBoolean(silentHeader) : faults.silent(),
                faults.takeCut(), faults.takeStall(), faults.takeStreamError(), faults.temporaryIssueText(),
                options.sseEventDelay());
        InstructionPlan plan = InstructionPlan.parse(instruction.toString()).over(session.plan());
        LOG.info("instruction started. sessionId={} dialect={} silent={} cut={} stall={}", sessionId, script.dialect(),
                script.silent(), script.cut(), script.stall() != null);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        SseWriter writer = new SseWriter(ex.getResponseBody(), options.keepAliveInterval());
        try {
            boolean drop = faults.takeSessionDrop();
            new InstructionStream(writer, script).run(session, plan, () -> {
                ObjectNode draft = DraftBuilder.build(session.files(), plan);
                session.applyEdit(plan, draft);
                if (drop) {
                    forgetSession(sessionId);
                }
                return draft;
            });
        } finally {
            accounts.consume(user, cost);
        }
        LOG.info("instruction finished. sessionId={} clientGone={}", sessionId, writer.detached());
        return 200;
    }

    // ---------------------------------------------------------------- renders

    private int submitRender(HttpExchange ex) throws IOException {
        Accounts.User user = authenticate(ex);
        JsonNode body = readJson(ex);
        for (String header : ATTRIBUTION) {
            String value = ex.getRequestHeaders().getFirst(header);
            if (value == null || value.isBlank()) {
                throw ApiError.detail(402, "Export is not available on this plan (missing " + header
                        + "): register or upgrade the plan");
            }
        }
        if (faults.exportsBlocked()) {
            throw ApiError.detail(402, "Export is not available on the anonymous plan: register or upgrade the plan");
        }
        String id = body.path("id").asText("");
        if (id.isBlank()) {
            throw ApiError.failure(400, "id is required: send a unique render id such as render_<timestamp>");
        }
        String sessionId = body.path("sessionId").asText(null);
        if (sessionId == null) {
            throw ApiError.failure(400, "sessionId is required");
        }
        session(sessionId, user);
        JsonNode draft = body.path("draft");
        if (!draft.isObject() || !hasSegments(draft)) {
            throw ApiError.failure(400, "The draft has no segments: nothing to render. Edit the timeline first");
        }
        RenderJobs.Job job = renders.submit(id, sessionId, user.userId, (ObjectNode) draft, faults.renderFailure(),
                faults.cannedRender());
        LOG.info("render submitted. renderId={} sessionId={} mode={}", id, sessionId, job.mode);
        ObjectNode response = JSON.createObjectNode();
        response.put("success", true);
        response.putObject("data").put("id", id).put("status", "pending").put("progress", 5);
        return send(ex, 200, response);
    }

    private static boolean hasSegments(JsonNode draft) {
        for (JsonNode track : draft.path("t")) {
            if (track.path("sg").isArray() && !track.path("sg").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private RenderJobs.Job job(String id, Accounts.User user) {
        RenderJobs.Job job = renders.get(id);
        if (job == null || (user != null && !job.userId.equals(user.userId))) {
            throw ApiError.detail(404, "Render not found: " + id);
        }
        return job;
    }

    private int pollRender(HttpExchange ex, String id) throws IOException {
        Accounts.User user = authenticate(ex);
        RenderJobs.Job job = job(id, user);
        String status = job.status.name().toLowerCase(Locale.ROOT);
        int progress = job.progress();
        ObjectNode response = JSON.createObjectNode();
        switch (faults.pollShape()) {
            case TASK -> {
                response.put("taskId", job.id).put("status", status).put("progress", progress);
                if (job.status == RenderJobs.Status.COMPLETED) {
                    response.putObject("output").put("url", job.outputUrl).put("duration", job.durationSeconds)
                            .put("size", job.sizeBytes);
                }
                if (job.error != null) {
                    response.put("error", job.error);
                }
            }
            case SUCCESS, CODE -> {
                ObjectNode data = JSON.createObjectNode();
                data.put("id", job.id).put("status", status).put("progress", progress);
                if (job.outputUrl != null) {
                    data.put("outputUrl", job.outputUrl).put("duration", job.durationSeconds).put("size", job.sizeBytes);
                }
                data.put("createdAt", job.createdAt);
                if (job.completedAt != null) {
                    data.put("completedAt", job.completedAt);
                }
                if (job.error != null) {
                    data.put("error", job.error);
                }
                if (faults.pollShape() == PollShape.SUCCESS) {
                    response.put("success", true).set("data", data);
                } else {
                    response.put("code", 0).put("message", "success").set("data", data);
                }
            }
            default -> throw new IllegalStateException("unknown poll shape");
        }
        return send(ex, 200, response);
    }

    private int cancelRender(HttpExchange ex, String id) throws IOException {
        Accounts.User user = authenticate(ex);
        drain(ex);
        RenderJobs.Job job = job(id, user);
        renders.cancel(job);
        ObjectNode response = JSON.createObjectNode();
        response.put("success", true);
        response.putObject("data").put("id", id).put("status", job.status.name().toLowerCase(Locale.ROOT));
        return send(ex, 200, response);
    }

    private int download(HttpExchange ex, String id) throws IOException {
        RenderJobs.Job job = job(id, null);
        if (job.status != RenderJobs.Status.COMPLETED || job.output == null) {
            throw ApiError.detail(409, "Render " + id + " is " + job.status.name().toLowerCase(Locale.ROOT)
                    + "; the download is available once it is completed");
        }
        return sendFile(ex, job.output, "video/mp4");
    }

    private int serveFile(HttpExchange ex, String relative) throws IOException {
        Path file = store.resolve(relative).orElseThrow(() -> ApiError.detail(404, "File not found: " + relative));
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = "application/octet-stream";
        for (MediaFormat f : MediaFormat.values()) {
            if (name.endsWith("." + f.extension())) {
                type = f.mimeType();
            }
        }
        if (name.endsWith(".jpeg")) {
            type = "image/jpeg";
        }
        return sendFile(ex, file, type);
    }

    private static int sendFile(HttpExchange ex, Path file, String contentType) throws IOException {
        drain(ex);
        long size = Files.size(file);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(size));
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
        return 200;
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

    /** The fault "dropSessionsAfterInstruction": the vendor loses the session (calls naming it get 1002). */
    private void forgetSession(String sessionId) {
        synchronized (sessions) {
            sessions.remove(sessionId);
        }
        sessionsDropped.incrementAndGet();
        LOG.info("session dropped (fault). sessionId={}", sessionId);
    }

    private Accounts.User authenticate(HttpExchange ex) {
        return accounts.authenticate(ex.getRequestHeaders().getFirst("Authorization"), faults.authErrorStyle());
    }

    private Session session(String sessionId, Accounts.User user) {
        Session s;
        synchronized (sessions) {
            s = sessions.get(sessionId);
        }
        if (s == null || !s.userId.equals(user.userId)) {
            if (faults.sessionErrorStyle() == SessionErrorStyle.HTTP_404) {
                throw ApiError.detail(404, "Session not found: " + sessionId);
            }
            throw ApiError.code(1002, "Session not found: " + sessionId + "; create a new session");
        }
        return s;
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw new BadRequest(422, "A JSON body is required");
        }
        try {
            JsonNode json = JSON.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new BadRequest(422, "The body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    private static JsonNode readJsonOrEmpty(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    private static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private static int ok(HttpExchange ex, JsonNode data) throws IOException {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("code", 0).put("message", "success").set("data", data);
        return send(ex, 200, envelope);
    }

    private static int send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static int trySend(HttpExchange ex, int status, JsonNode body) {
        try {
            return send(ex, status, body);
        } catch (IOException | RuntimeException e) {
            return status;
        }
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

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

    /** A request the emulator cannot read: a FastAPI-style {@code detail} answer. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
