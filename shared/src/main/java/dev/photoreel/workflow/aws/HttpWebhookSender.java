package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@link WebhookSender} over {@code java.net.http}: short connect and response timeouts, no redirects (a 3xx is an
 * answer, not a place to send the signed body to), the response body discarded.
 */
public final class HttpWebhookSender implements WebhookSender {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client;
    private final Duration responseTimeout;

    public HttpWebhookSender() {
        this(CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    }

    public HttpWebhookSender(Duration connectTimeout, Duration responseTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.responseTimeout = responseTimeout;
    }

    @Override
    public int post(URI url, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(responseTimeout)
                .header("Content-Type", "application/json").header("User-Agent", "photoreel-webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the webhook", e);
        }
    }
}
