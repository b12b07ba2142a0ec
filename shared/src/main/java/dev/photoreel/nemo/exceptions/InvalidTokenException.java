package dev.photoreel.nemo.exceptions;

/** 1001/1010/1011 or HTTP 401: the token is bad or expired even after one re-authentication. */
public class InvalidTokenException extends NemoPermanentException {
    public InvalidTokenException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
