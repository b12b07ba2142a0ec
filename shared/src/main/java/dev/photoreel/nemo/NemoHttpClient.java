package dev.photoreel.nemo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.internal.Envelope;
import dev.photoreel.nemo.internal.InstructionStream;
import dev.photoreel.nemo.internal.VendorTransport;
import dev.photoreel.nemo.internal.ErrorContext;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.nemo.internal.Multipart;
import dev.photoreel.nemo.internal.Operation;
import dev.photoreel.nemo.internal.Responses;
import dev.photoreel.nemo.internal.VendorErrors;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * This class is the facade (one method per endpoint, typed results); the HTTP layer with the token renewal is
 * {@link VendorTransport}, the server-sent event call is {@link InstructionStream}.
 */
public final class NemoHttpClient implements NemoApi {

    private final NemoClientConfig config;
    private final VendorTransport transport;
    private final InstructionStream instructions;

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
        this.transport = new VendorTransport(config, tokens, http);
        this.instructions = new InstructionStream(transport);
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
        HttpRequest request = transport.request("/api/auth/anonymous-token", config.requestTimeout())
                .header("X-Client-Id", config.clientId())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        VendorTransport.Answer answer = transport.exchange(request, context, config.requestTimeout());
        transport.throwIfError(answer, context);
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
        Envelope envelope = transport.call(context, config.requestTimeout(), token ->
                transport.jsonPost("/api/tasks/me/with-session/nemo_agent", body, token, config.requestTimeout()));
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
        Envelope envelope = transport.call(context, config.uploadTimeout(), token -> {
            Multipart multipart = new Multipart(files);
            return VendorTransport.authorized(transport.request(uploadPath(sessionId), config.uploadTimeout()), token)
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
        Envelope envelope = transport.call(context, config.uploadTimeout(), token ->
                transport.jsonPost(uploadPath(sessionId), body, token, config.uploadTimeout()));
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
        return instructions.run(sessionId, instruction, deadline, listener);
    }

    @Override
    public Credits credits() {
        ErrorContext context = context(Operation.CREDITS);
        Envelope envelope = transport.call(context, config.requestTimeout(), token ->
                VendorTransport.authorized(transport.request("/api/credits/balance/simple", config.requestTimeout()), token).GET().build());
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
        Envelope envelope = transport.call(context, config.requestTimeout(), token ->
                VendorTransport.authorized(transport.request("/api/state/nemo_agent/me/" + segment(sessionId) + "/latest",
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
        Envelope envelope = transport.call(context, config.requestTimeout(), token ->
                transport.jsonPost("/api/render/proxy/lambda", body, token, config.requestTimeout()));
        return Responses.renderStatus(envelope.data(), renderId);
    }

    @Override
    public RenderStatus pollRender(String renderId) {
        Objects.requireNonNull(renderId, "renderId");
        ErrorContext context = context(Operation.POLL_RENDER);
        Envelope envelope = transport.call(context, config.requestTimeout(), token ->
                VendorTransport.authorized(transport.request("/api/render/proxy/lambda/" + segment(renderId), config.requestTimeout()), token)
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
        TokenSource source = transport.tokens();
        String token = source.currentToken();
        HttpResponse<InputStream> response = transport.sendForStream(transport.download(downloadUrl(renderId), token), context.withSecret(token));
        if (response.statusCode() == 401) {
            VendorTransport.closeQuietly(response.body());
            String renewed = source.renewAfterRejection(token);
            context = context.withSecret(token).withSecret(renewed);
            response = transport.sendForStream(transport.download(downloadUrl(renderId), renewed), context);
        }
        if (response.statusCode() / 100 != 2) {
            String text = VendorTransport.readSmall(response.body());
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
        transport.call(context, config.requestTimeout(), token ->
                VendorTransport.authorized(transport.request("/api/render/proxy/lambda/" + segment(renderId) + "/cancel",
                        config.requestTimeout()), token)
                        .header("Content-Type", VendorTransport.JSON)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    }

    private List<UploadedFile> uploadedFiles(Envelope envelope, ErrorContext context) {
        List<UploadedFile> files = Responses.files(envelope.data());
        if (files == null) {
            throw VendorErrors.unexpected(context, "no files[] in the answer");
        }
        return files;
    }

    private ErrorContext context(Operation operation) {
        return transport.context(operation);
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
}
