package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.webhook.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** Records each webhook attempt and answers from a script (then 200). */
public final class RecordingWebhookSender implements WebhookSender {

    public record Call(URI url, Map<String, String> headers, String body) {
    }

    public final List<Call> calls = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();

    /** Answers the next attempts with these statuses (Integer) or throws these IOExceptions, in order. */
    public synchronized RecordingWebhookSender then(Object... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    @Override
    public synchronized int post(URI url, Map<String, String> headers, String body) throws IOException {
        calls.add(new Call(url, Map.copyOf(headers), body));
        Object answer = script.isEmpty() ? 200 : script.poll();
        if (answer instanceof IOException e) {
            throw e;
        }
        return (Integer) answer;
    }
}
