package dev.photoreel.nemo.exceptions;

/** HTTP 429: rate limited; wait (the vendor says 30 s) and retry. */
public class RateLimitedException extends NemoTransientException {
    public RateLimitedException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
