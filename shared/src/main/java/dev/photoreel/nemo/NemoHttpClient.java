package dev.photoreel.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.internal.Envelope;
import dev.photoreel.nemo.internal.ErrorContext;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.nemo.internal.Multipart;
import dev.photoreel.nemo.internal.Operation;
import dev.photoreel.nemo.internal.Responses;
import dev.photoreel.nemo.internal.ServerSentEventReader;
import dev.photoreel.nemo.internal.StreamEventInterpreter;
import dev.photoreel.nemo.internal.VendorErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production NemoVideo client: {@link java.net.http.HttpClient} and Jackson, nothing else.
 * Thread-safe; build it once and reuse it across invocations.
 *
 * <ul>
 *   <li>Every request carries the attribution headers {@code X-Skill-Source/Version/Platform}; the
 *       token request carries {@code X-Client-Id}; all others {@code Authorization: Bearer} from the
 *       {@link TokenSource}.</li>
 *   <li>A token rejection (1001/1010/1011 or HTTP 401) renews the token once through
 *       {@link TokenSource#renewAfterRejection} and retries the call once; a second rejection throws
 *       {@link dev.photoreel.nemo.exceptions.InvalidTokenException}.</li>
 *   <li>Each call has its own timeout (uploads a longer one); a timeout or network failure is a
 *       transient {@link dev.photoreel.nemo.exceptions.VendorUnavailableException}.</li>
 *   <li>Tokens and the Authorization header are never logged, and never appear in exception messages.</li>
 * </ul>
 */
public final class NemoHttpClient implements NemoApi {

    private static final Logger LOG = LoggerFactory.getLogger(NemoHttpClient.class);
    private static final String JSON = "application/json";
    /** Extra time over a request's own timeout before the whole exchange (headers and body) is abandoned. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(2);

    private final NemoClientConfig config;
    private final TokenSource tokens;
    private final HttpClient http;

    /**
     * @param tokens where the bearer token comes from; may be null for a client that only mints tokens
     */
    public NemoHttpClient(NemoClientConfig config, TokenSource tokens) {
        this(config, tokens, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    public NemoHttpClient(NemoClientConfig config, TokenSource tokens, HttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.tokens = tokens;
        this.http = Objects.requireNonNull(http, "http");
    }

    public NemoClientConfig config() {
        return config;
    }

    @Override
    public AnonymousToken mintAnonymousToken() {
        ErrorContext context = context(Operation.MINT_TOKEN);
        if (config.clientId() == null) {
            throw new MissingClientIdException("Cannot mint a NemoVideo token: NEMO_CLIENT_ID is not set. Set it"
                    + " to a stable UUID (at most 64 characters) identifying this photoreel installation.",
                    null, null, null);
        }
        HttpRequest request = request("/api/auth/anonymous-token", config.requestTimeout())
                .header("X-Client-Id", config.clientId())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        Answer answer = exchange(request, context, config.requestTimeout());
        throwIfError(answer, context);
        AnonymousToken token = Responses.token(answer.envelope().data());
        if (token == null) {
            throw VendorErrors.unexpected(context, "no token in the answer");
        }
        return token;
    }

    @Override
    public VendorSession createSession(String taskName, String language) {
        ErrorContext context = context(Operation.CREATE_SESSION);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("task_name", taskName == null ? "project" : taskName)
                .put("language", language == null ? "en" : language);
        Envelope envelope = withToken(context, config.requestTimeout(), token ->
                jsonPost("/api/tasks/me/with-session/nemo_agent", body, token, config.requestTimeout()));
        VendorSession session = Responses.session(envelope.data());
        if (session == null) {
            throw VendorErrors.unexpected(context, "no session_id in the answer");
        }
        return session;
    }

    @Override
    public List<UploadedFile> uploadFiles(String sessionId, List<FileUpload> files) {
        requireSession(sessionId);
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("uploadFiles needs at least one file");
        }
        List<String> names = files.stream().map(FileUpload::filename).toList();
        ErrorContext context = context(Operation.UPLOAD_FILES).withSession(sessionId).withFiles(names);
        for (FileUpload file : files) {
            if (file.size() > config.maxFileBytes()) {
                throw new FileTooLargeException("The file '" + file.filename() + "' is " + file.size()
                        + " bytes, over the limit of " + VendorErrors.describeBytes(config.maxFileBytes())
                        + " per file, so it was not sent to NemoVideo. Make the file smaller or remove it,"
                        + " then run the job again.", null, null, null);
            }
        }
        Envelope envelope = withToken(context, config.uploadTimeout(), token -> {
            Multipart multipart = new Multipart(files);
            return authorized(request(uploadPath(sessionId), config.uploadTimeout()), token)
                    .header("Content-Type", multipart.contentType())
                    .POST(multipart.publisher())
                    .build();
        });
        return uploadedFiles(envelope, context);
    }

    @Override
    public List<UploadedFile> uploadUrls(String sessionId, List<String> urls) {
        requireSession(sessionId);
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("uploadUrls needs at least one URL");
        }
        // Names only: a presigned URL's query is a credential and never goes into a message.
        List<String> names = urls.stream().map(NemoHttpClient::fileNameOf).toList();
        ErrorContext context = context(Operation.UPLOAD_URLS).withSession(sessionId).withFiles(names);
        for (String url : urls) {
            URI uri = URI.create(url);
            context = context.withSecret(uri.getRawQuery());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("urls");
        urls.forEach(list::add);
        body.put("source_type", "url");
        Envelope envelope = withToken(context, config.uploadTimeout(), token ->
                jsonPost(uploadPath(sessionId), body, token, config.uploadTimeout()));
        return uploadedFiles(envelope, context);
    }

    @Override
    public InstructionResult runInstruction(String sessionId, String instruction, Instant deadline,
                                            StreamListener listener) {
        requireSession(sessionId);
        Objects.requireNonNull(instruction, "instruction");
        Objects.requireNonNull(deadline, "deadline");
        if (!deadline.isAfter(Instant.now())) {
            throw new IllegalArgumentException("the instruction stream's deadline " + deadline
                    + " has already passed: give it the Lambda's remaining time minus a margin");
        }
        ErrorContext context = context(Operation.RUN_INSTRUCTION).withSession(sessionId);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("app_name", "nemo_agent")
                .put("user_id", "me")
                .put("session_id", sessionId);
        body.putObject("new_message").putArray("parts").addObject().put("text", instruction);
        TokenSource source = requireTokens();
        String token = source.currentToken();
        StreamOpening opening = openStream(body, token, deadline, context.withSecret(token));
        if (opening.tokenRejected()) {
            LOG.atInfo().addKeyValue("operation", context.operation())
                    .log("NemoVideo rejected the token; renewing it once and retrying");
            String renewed = source.renewAfterRejection(token);
            context = context.withSecret(token).withSecret(renewed);
            if (!deadline.isAfter(Instant.now())) {
                return new InstructionResult("", List.of(), InstructionResult.StreamEnd.CUT_AT_DEADLINE, null);
            }
            opening = openStream(body, renewed, deadline, context);
            if (opening.tokenRejected()) {
                throw opening.error();
            }
        }
        if (opening.error() != null) {
            throw opening.error();
        }
        if (opening.stream() == null) {
            return new InstructionResult("", List.of(), InstructionResult.StreamEnd.CUT_AT_DEADLINE, null);
        }
        StreamEventInterpreter interpreter = new StreamEventInterpreter(listener, context);
        return new ServerSentEventReader(context).read(opening.stream(), deadline, interpreter);
    }

    @Override
    public Credits credits() {
        ErrorContext context = context(Operation.CREDITS);
        Envelope envelope = withToken(context, config.requestTimeout(), token ->
                authorized(request("/api/credits/balance/simple", config.requestTimeout()), token).GET().build());
        Credits credits = Responses.credits(envelope.data());
        if (credits == null) {
            throw VendorErrors.unexpected(context, "no available/total_granted balance in the answer");
        }
        return credits;
    }

    @Override
    public SessionState sessionState(String sessionId) {
        requireSession(sessionId);
        ErrorContext context = context(Operation.SESSION_STATE).withSession(sessionId);
        Envelope envelope = withToken(context, config.requestTimeout(), token ->
                authorized(request("/api/state/nemo_agent/me/" + segment(sessionId) + "/latest",
                        config.requestTimeout()), token).GET().build());
        return Responses.sessionState(envelope.data(), sessionId);
    }

    @Override
    public RenderStatus submitRender(String renderId, String sessionId, Draft draft) {
        requireSession(sessionId);
        Objects.requireNonNull(renderId, "renderId");
        Objects.requireNonNull(draft, "draft");
        ErrorContext context = context(Operation.SUBMIT_RENDER).withSession(sessionId);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", renderId);
        body.put("sessionId", sessionId);
        body.set("draft", draft.toJson());
        body.putObject("output").put("format", "mp4").put("quality", "high");
        Envelope envelope = withToken(context, config.requestTimeout(), token ->
                jsonPost("/api/render/proxy/lambda", body, token, config.requestTimeout()));
        return Responses.renderStatus(envelope.data(), renderId);
    }

    @Override
    public RenderStatus pollRender(String renderId) {
        Objects.requireNonNull(renderId, "renderId");
        ErrorContext context = context(Operation.POLL_RENDER);
        Envelope envelope = withToken(context, config.requestTimeout(), token ->
                authorized(request("/api/render/proxy/lambda/" + segment(renderId), config.requestTimeout()), token)
                        .GET().build());
        return Responses.renderStatus(envelope.data(), renderId);
    }

    @Override
    public URI downloadUrl(String renderId) {
        Objects.requireNonNull(renderId, "renderId");
        return URI.create(config.baseUrl() + "/api/render/proxy/" + segment(renderId) + "/download");
    }

    /**
     * Opens the body of {@code GET /api/render/proxy/<id>/download} (the fallback when a poll gave no
     * URL), with the token and attribution headers. The caller closes the stream. Errors are typed
     * like any other call; the whole body is never held in memory.
     */
    public InputStream openDownload(String renderId) {
        ErrorContext context = context(Operation.DOWNLOAD);
        TokenSource source = requireTokens();
        String token = source.currentToken();
        HttpResponse<InputStream> response = sendForStream(downloadRequest(renderId, token), context.withSecret(token));
        if (response.statusCode() == 401) {
            closeQuietly(response.body());
            String renewed = source.renewAfterRejection(token);
            context = context.withSecret(token).withSecret(renewed);
            response = sendForStream(downloadRequest(renderId, renewed), context);
        }
        if (response.statusCode() / 100 != 2) {
            String text = readSmall(response.body());
            NemoException error = VendorErrors.classify(response.statusCode(), Envelope.read(text),
                    response.headers().firstValue("Retry-After").orElse(null), context);
            throw error;
        }
        return response.body();
    }

    @Override
    public void cancelRender(String renderId) {
        Objects.requireNonNull(renderId, "renderId");
        ErrorContext context = context(Operation.CANCEL_RENDER);
        withToken(context, config.requestTimeout(), token ->
                authorized(request("/api/render/proxy/lambda/" + segment(renderId) + "/cancel",
                        config.requestTimeout()), token)
                        .header("Content-Type", JSON)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    // ---------------------------------------------------------------- plumbing

    /** Builds one attempt's request with the given token. */
    @FunctionalInterface
    private interface RequestFactory {
        HttpRequest create(String token);
    }

    /** A finished exchange: status, the body read through its envelope, and the Retry-After header. */
    private record Answer(int status, Envelope envelope, String retryAfter) {
    }

    /** The outcome of opening the instruction stream. */
    private record StreamOpening(InputStream stream, NemoException error, boolean tokenRejected) {
    }

    /** Runs a call with the current token; on a token rejection renews it once and retries once. */
    private Envelope withToken(ErrorContext context, Duration timeout, RequestFactory factory) {
        TokenSource source = requireTokens();
        String token = source.currentToken();
        ErrorContext attempt = context.withSecret(token);
        Answer answer = exchange(factory.create(token), attempt, timeout);
        if (VendorErrors.isTokenRejection(answer.status(), answer.envelope())) {
            LOG.atInfo().addKeyValue("operation", context.operation()).addKeyValue("httpStatus", answer.status())
                    .addKeyValue("vendorCode", answer.envelope().code())
                    .log("NemoVideo rejected the token; renewing it once and retrying");
            String renewed = source.renewAfterRejection(token);
            attempt = attempt.withSecret(renewed);
            answer = exchange(factory.create(renewed), attempt, timeout);
        }
        throwIfError(answer, attempt);
        return answer.envelope();
    }

    private void throwIfError(Answer answer, ErrorContext context) {
        Envelope envelope = answer.envelope();
        boolean renderCall = context.operation() == Operation.POLL_RENDER
                || context.operation() == Operation.SUBMIT_RENDER;
        if (renderCall && answer.status() / 100 == 2 && envelope.data().has("status")) {
            return; // {"success": false, "data": {"status": "failed", "error": ...}}: a render outcome, not a call error
        }
        NemoException error = VendorErrors.classify(answer.status(), envelope, answer.retryAfter(), context);
        if (error != null) {
            throw error;
        }
        if (!envelope.json() && envelope.message() != null) { // a non-empty body that is not JSON
            throw VendorErrors.unavailable(context, "HTTP " + answer.status() + " with a body that is not JSON", null);
        }
    }

    private Answer exchange(HttpRequest request, ErrorContext context, Duration timeout) {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = future.get(timeout.plus(BODY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw VendorErrors.unavailable(context, "no complete answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw VendorErrors.unavailable(context, "interrupted while waiting for the answer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof Multipart.SourceFailure source) {
                    throw new dev.photoreel.nemo.exceptions.VendorUnavailableException("Reading a file to upload to"
                            + " NemoVideo failed (" + source.getMessage() + "). Check that the file still exists"
                            + " and is readable; a passing storage error goes away on retry.", null, null, source);
                }
            }
            throw VendorErrors.unavailable(context, describe(cause, timeout), cause);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.atDebug().addKeyValue("operation", context.operation()).addKeyValue("method", request.method())
                .addKeyValue("path", request.uri().getPath()).addKeyValue("httpStatus", response.statusCode())
                .addKeyValue("durationMs", millis).log("NemoVideo call answered");
        return new Answer(response.statusCode(), Envelope.read(response.body()),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private StreamOpening openStream(ObjectNode body, String token, Instant deadline, ErrorContext context) {
        Duration untilDeadline = Duration.between(Instant.now(), deadline);
        boolean deadlineFirst = untilDeadline.compareTo(config.requestTimeout()) < 0;
        Duration timeout = deadlineFirst ? untilDeadline : config.requestTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            return new StreamOpening(null, null, false);
        }
        HttpRequest request = authorized(request("/run_sse", timeout), token)
                .header("Content-Type", JSON)
                .setHeader("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        CompletableFuture<HttpResponse<InputStream>> future = http.sendAsync(request, info -> {
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            boolean stream = info.statusCode() / 100 == 2 && !type.contains("json");
            return stream ? HttpResponse.BodySubscribers.ofInputStream()
                    : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                    ByteArrayInputStream::new);
        });
        HttpResponse<InputStream> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            if (deadlineFirst) {
                return new StreamOpening(null, null, false);
            }
            return new StreamOpening(null, VendorErrors.unavailable(context,
                    "the stream did not open within " + timeout.toSeconds() + " s", e), false);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return new StreamOpening(null, null, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (deadlineFirst && cause instanceof java.net.http.HttpTimeoutException) {
                return new StreamOpening(null, null, false);
            }
            return new StreamOpening(null, VendorErrors.unavailable(context, describe(cause, timeout), cause), false);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (response.statusCode() / 100 == 2 && !type.contains("json")) {
            return new StreamOpening(response.body(), null, false);
        }
        Envelope envelope = Envelope.read(readSmall(response.body()));
        boolean rejected = VendorErrors.isTokenRejection(response.statusCode(), envelope);
        NemoException error = VendorErrors.classify(response.statusCode(), envelope,
                response.headers().firstValue("Retry-After").orElse(null), context);
        if (error == null) {
            // 2xx JSON instead of a stream: nothing was said.
            return new StreamOpening(new ByteArrayInputStream(new byte[0]), null, false);
        }
        return new StreamOpening(null, error, rejected);
    }

    private HttpResponse<InputStream> sendForStream(HttpRequest request, ErrorContext context) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw VendorErrors.unavailable(context, describe(e, config.requestTimeout()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VendorErrors.unavailable(context, "interrupted while waiting for the answer", e);
        }
    }

    private HttpRequest downloadRequest(String renderId, String token) {
        return HttpRequest.newBuilder(downloadUrl(renderId))
                .timeout(config.requestTimeout())
                .header("X-Skill-Source", config.skillSource())
                .header("X-Skill-Version", config.skillVersion())
                .header("X-Skill-Platform", config.skillPlatform())
                .header("Authorization", "Bearer " + token)
                .GET().build();
    }

    private HttpRequest jsonPost(String path, JsonNode body, String token, Duration timeout) {
        return authorized(request(path, timeout), token)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /** A request with the attribution headers every call carries. */
    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(timeout)
                .header("Accept", JSON)
                .header("X-Skill-Source", config.skillSource())
                .header("X-Skill-Version", config.skillVersion())
                .header("X-Skill-Platform", config.skillPlatform());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return builder.header("Authorization", "Bearer " + token);
    }

    private List<UploadedFile> uploadedFiles(Envelope envelope, ErrorContext context) {
        List<UploadedFile> files = Responses.files(envelope.data());
        if (files == null) {
            throw VendorErrors.unexpected(context, "no files[] in the answer");
        }
        return files;
    }

    private TokenSource requireTokens() {
        if (tokens == null) {
            throw new IllegalStateException("this NemoHttpClient was built without a TokenSource, so it can only"
                    + " mint tokens; build it with the workflow's token store to call other endpoints");
        }
        return new TokenSource() {
            @Override
            public String currentToken() {
                return requireToken(tokens.currentToken());
            }

            @Override
            public String renewAfterRejection(String rejectedToken) {
                return requireToken(tokens.renewAfterRejection(rejectedToken));
            }
        };
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("the TokenSource gave no token: it must return a minted or configured"
                    + " NemoVideo token");
        }
        return token;
    }

    private ErrorContext context(Operation operation) {
        return ErrorContext.of(operation, config.maxFileBytes());
    }

    private static void requireSession(String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("a NemoVideo session id is required");
        }
    }

    private static String uploadPath(String sessionId) {
        return "/api/upload-video/nemo_agent/me/" + segment(sessionId);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The last path segment of a URL, without its query: what a message may show of it. */
    static String fileNameOf(String url) {
        try {
            String path = URI.create(url).getPath();
            if (path == null || path.isBlank() || path.endsWith("/")) {
                return URI.create(url).getHost();
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            return java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "the file at an invalid URL";
        }
    }

    private static String describe(Throwable cause, Duration timeout) {
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return "could not connect in time";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String readSmall(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
