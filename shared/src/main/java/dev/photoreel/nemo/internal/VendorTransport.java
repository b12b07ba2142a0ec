package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer under {@link dev.photoreel.nemo.NemoHttpClient}: builds requests with the attribution headers,
 * runs one exchange within its timeout, renews a rejected token once and retries once, and turns answers into
 * typed errors. Tokens and the Authorization header are never logged.
 */
public final class VendorTransport {

    private static final Logger LOG = LoggerFactory.getLogger(VendorTransport.class);
    public static final String JSON = "application/json";
    /** Extra time over a request's own timeout before the whole exchange (headers and body) is abandoned. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(2);

    /** Builds one attempt's request with the given token. */
    @FunctionalInterface
    public interface RequestFactory {
        HttpRequest create(String token);
    }

    /** A finished exchange: status, the body read through its envelope, and the Retry-After header. */
    public record Answer(int status, Envelope envelope, String retryAfter) {
    }

    private final NemoClientConfig config;
    private final TokenSource tokens;
    private final HttpClient http;

    /**
     * @param tokens where the bearer token comes from; may be null for a client that only mints tokens
     */
    public VendorTransport(NemoClientConfig config, TokenSource tokens, HttpClient http) {
        this.config = Objects.requireNonNull(config, "config");
        this.tokens = tokens;
        this.http = Objects.requireNonNull(http, "http");
    }

    public NemoClientConfig config() {
        return config;
    }

    public HttpClient http() {
        return http;
    }

    public ErrorContext context(Operation operation) {
        return ErrorContext.of(operation, config.maxFileBytes());
    }

    /** Runs a call with the current token; on a token rejection renews it once and retries once. */
    public Envelope call(ErrorContext context, Duration timeout, RequestFactory factory) {
        TokenSource source = tokens();
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

    public void throwIfError(Answer answer, ErrorContext context) {
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

    public Answer exchange(HttpRequest request, ErrorContext context, Duration timeout) {
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
                    throw new VendorUnavailableException("Reading a file to upload to"
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

    public HttpResponse<InputStream> sendForStream(HttpRequest request, ErrorContext context) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw VendorErrors.unavailable(context, describe(e, config.requestTimeout()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VendorErrors.unavailable(context, "interrupted while waiting for the answer", e);
        }
    }

    public HttpRequest download(URI url, String token) {
        return HttpRequest.newBuilder(url)
                .timeout(config.requestTimeout())
                .header("X-Skill-Source", config.skillSource())
                .header("X-Skill-Version", config.skillVersion())
                .header("X-Skill-Platform", config.skillPlatform())
                .header("Authorization", "Bearer " + token)
                .GET().build();
    }

    public HttpRequest jsonPost(String path, JsonNode body, String token, Duration timeout) {
        return authorized(request(path, timeout), token)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
    }

    /** A request with the attribution headers every call carries. */
    public HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
                .timeout(timeout)
                .header("Accept", JSON)
                .header("X-Skill-Source", config.skillSource())
                .header("X-Skill-Version", config.skillVersion())
                .header("X-Skill-Platform", config.skillPlatform());
    }

    public static HttpRequest.Builder authorized(HttpRequest.Builder builder, String token) {
        return builder.header("Authorization", "Bearer " + token);
    }

    /** The token source, checked: a client built without one can only mint tokens. */
    public TokenSource tokens() {
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

    public static String describe(Throwable cause, Duration timeout) {
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return "could not connect in time";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public static String readSmall(InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
