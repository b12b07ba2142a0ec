package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.exceptions.NemoException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instruction call ({@code POST /run_sse}): opens the server-sent event stream (renewing a rejected token once)
 * and reads it until it closes or the deadline comes; a deadline that comes first is a cut, not an error.
 */
public final class InstructionStream {

    private static final Logger LOG = LoggerFactory.getLogger(InstructionStream.class);

    /** The outcome of opening the stream. */
    private record StreamOpening(InputStream stream, NemoException error, boolean tokenRejected) {
    }

    private final VendorTransport transport;

    public InstructionStream(VendorTransport transport) {
        this.transport = transport;
    }

    public InstructionResult run(String sessionId, String instruction, Instant deadline, StreamListener listener) {
        ErrorContext context = transport.context(Operation.RUN_INSTRUCTION).withSession(sessionId);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("app_name", "nemo_agent")
                .put("user_id", "me")
                .put("session_id", sessionId);
        body.putObject("new_message").putArray("parts").addObject().put("text", instruction);
        TokenSource source = transport.tokens();
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

    private StreamOpening openStream(ObjectNode body, String token, Instant deadline, ErrorContext context) {
        Duration untilDeadline = Duration.between(Instant.now(), deadline);
        boolean deadlineFirst = untilDeadline.compareTo(transport.config().requestTimeout()) < 0;
        Duration timeout = deadlineFirst ? untilDeadline : transport.config().requestTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            return new StreamOpening(null, null, false);
        }
        HttpRequest request = VendorTransport.authorized(transport.request("/run_sse", timeout), token)
                .header("Content-Type", VendorTransport.JSON)
                .setHeader("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        CompletableFuture<HttpResponse<InputStream>> future = transport.http().sendAsync(request, info -> {
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
            return new StreamOpening(null, VendorErrors.unavailable(context, VendorTransport.describe(cause, timeout), cause), false);
        }
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (response.statusCode() / 100 == 2 && !type.contains("json")) {
            return new StreamOpening(response.body(), null, false);
        }
        Envelope envelope = Envelope.read(VendorTransport.readSmall(response.body()));
        boolean rejected = VendorErrors.isTokenRejection(response.statusCode(), envelope);
        NemoException error = VendorErrors.classify(response.statusCode(), envelope,
                response.headers().firstValue("Retry-After").orElse(null), context);
        if (error == null) {
            // 2xx JSON instead of a stream: nothing was said.
            return new StreamOpening(new ByteArrayInputStream(new byte[0]), null, false);
        }
        return new StreamOpening(null, error, rejected);
    }
}
