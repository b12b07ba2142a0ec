package dev.photoreel.nemo.exceptions;

/** A vendor error that retrying cannot fix. */
public abstract class NemoPermanentException extends NemoException {
    protected NemoPermanentException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
