package dev.photoreel.nemo.exceptions;

/** 1002 or HTTP 404 'Session not found': the session is gone; a new session (and new uploads) is needed. */
public class SessionNotFoundException extends NemoPermanentException {
    public SessionNotFoundException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
