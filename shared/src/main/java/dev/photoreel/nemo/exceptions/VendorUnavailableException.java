package dev.photoreel.nemo.exceptions;

/** HTTP 5xx, 408, a timeout or a network error: retry with backoff and jitter. */
public class VendorUnavailableException extends NemoTransientException {
    public VendorUnavailableException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
