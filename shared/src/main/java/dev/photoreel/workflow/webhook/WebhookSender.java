package dev.photoreel.workflow.webhook;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Makes one webhook POST attempt; the retry policy lives in {@link WebhookService}. */
@FunctionalInterface
public interface WebhookSender {

    /**
     * POSTs {@code body} (JSON) with {@code headers} to {@code url}; returns the HTTP status.
     *
     * @throws IOException on a connection error or a timeout (retried)
     */
    int post(URI url, Map<String, String> headers, String body) throws IOException;
}
