package dev.photoreel.workflow;

import java.util.Map;

/** The notification topic. */
public interface Notifier {

    /** Publishes one message; returns its message id. */
    String publish(String subject, String body, Map<String, String> attributes);
}
