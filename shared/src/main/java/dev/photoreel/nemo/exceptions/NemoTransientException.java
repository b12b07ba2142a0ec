package dev.photoreel.nemo.exceptions;

/** A vendor error that may pass: retry with backoff and jitter. */
public abstract class NemoTransientException extends NemoException {
    protected NemoTransientException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
