package dev.photoreel.workflow.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@code callbackUrl}s a job may name: an absolute {@code https} URL, or {@code http} only to a loopback host
 * (for local use), at most {@link #MAX_CHARS} characters, without user info.
 */
public final class CallbackUrls {

    public static final int MAX_CHARS = 2048;
    public static final String FIELD = "callbackUrl";
    /** What is allowed, for error messages. */
    public static final String ALLOWED = "an absolute https URL (http only to localhost, 127.0.0.1 or [::1]) of at most " + MAX_CHARS
            + " characters, without user:password@, like https://example.com/hooks/photoreel";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private CallbackUrls() {
    }

    /** What is wrong with {@code url} (empty when it is allowed). */
    public static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is empty; allowed: " + ALLOWED);
        }
        if (url.length() > MAX_CHARS) {
            return Optional.of("is " + url.length() + " characters long; allowed: " + ALLOWED);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL (" + e.getReason() + "); allowed: " + ALLOWED);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (!uri.isAbsolute() || host.isEmpty()) {
            return Optional.of("is not an absolute URL with a host; allowed: " + ALLOWED);
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("carries user info (user:password@); allowed: " + ALLOWED);
        }
        if (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host))) {
            return Optional.empty();
        }
        return Optional.of("uses " + scheme + "://" + host + "; allowed: " + ALLOWED);
    }
}
