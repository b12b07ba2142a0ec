package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Notifier} that records messages; can be told to fail the next publish. */
public final class RecordingNotifier implements Notifier {

    public record Message(String subject, String body, Map<String, String> attributes) {
    }

    public final List<Message> messages = new ArrayList<>();
    private RuntimeException nextFailure;

    public void failNext(RuntimeException failure) {
        nextFailure = failure;
    }

    @Override
    public synchronized String publish(String subject, String body, Map<String, String> attributes) {
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
        messages.add(new Message(subject, body, attributes));
        return "msg-" + messages.size();
    }
}
