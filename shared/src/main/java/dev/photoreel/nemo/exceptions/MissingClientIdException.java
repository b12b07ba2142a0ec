package dev.photoreel.nemo.exceptions;

/** HTTP 400 on the token request: X-Client-Id was missing (a bug on our side). */
public class MissingClientIdException extends NemoPermanentException {
    public MissingClientIdException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
