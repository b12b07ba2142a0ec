package dev.photoreel.workflow.webhook;

import java.time.Duration;

/**
 * When to retry a webhook: at most {@code maxAttempts} attempts; after attempt {@code n} a pause of
 * {@code baseDelay * 2^(n-1)} scaled by a jitter factor in [0.5, 1.0). Connection errors, timeouts, 429 and 5xx are
 * retried; any other status (2xx success, 3xx and other 4xx) ends the delivery.
 */
public record WebhookPolicy(int maxAttempts, Duration baseDelay) {

    /** 4 attempts, pauses of about 1, 2 and 4 s: with {@code HttpWebhookSender}'s timeouts at most about 27 s in all. */
    public static final WebhookPolicy DEFAULT = new WebhookPolicy(4, Duration.ofSeconds(1));

    public WebhookPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public static boolean succeeded(int status) {
        return status >= 200 && status < 300;
    }

    public static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** The pause after attempt {@code attempt} (1-based), for a jitter draw {@code random} in [0, 1). */
    public Duration delayAfter(int attempt, double random) {
        long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis((long) (base * (0.5 + random / 2)));
    }
}
