package dev.photoreel.nemo.exceptions;

/** 2001: no credits left; the user must register or top up. */
public class InsufficientCreditsException extends NemoPermanentException {
    public InsufficientCreditsException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
