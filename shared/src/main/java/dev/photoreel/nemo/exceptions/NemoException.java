package dev.photoreel.nemo.exceptions;

/**
 * Base of every NemoVideo error. Subclasses are either {@link NemoPermanentException} (retrying
 * cannot help: the job fails with a message saying what the user can do) or
 * {@link NemoTransientException} (retry with backoff). The state machine routes on the concrete
 * classes' fully qualified names, so never rename them.
 */
public abstract class NemoException extends RuntimeException {

    private final Integer vendorCode;
    private final Integer httpStatus;

    protected NemoException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.vendorCode = vendorCode;
        this.httpStatus = httpStatus;
    }

    /** The vendor's {@code code}, or null. */
    public Integer vendorCode() {
        return vendorCode;
    }

    /** The HTTP status, or null for a network error. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
