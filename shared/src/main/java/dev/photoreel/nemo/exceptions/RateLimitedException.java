package dev.photoreel.nemo.exceptions;

import java.time.Duration;
import java.util.Optional;

/** HTTP 429: rate limited; wait (the vendor's Retry-After, else 30 s) and retry. */
public class RateLimitedException extends NemoTransientException {

    /** The wait the vendor suggests when it gives none. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    private final Duration retryAfter;

    public RateLimitedException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        this(message, vendorCode, httpStatus, null, cause);
    }

    public RateLimitedException(String message, Integer vendorCode, Integer httpStatus, Duration retryAfter,
                                Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
        this.retryAfter = retryAfter;
    }

    /** The vendor's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
