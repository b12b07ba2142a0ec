package dev.photoreel.nemo.exceptions;

/** 4002: a file is over the size limit; the message names the file and the limit. */
public class FileTooLargeException extends NemoPermanentException {
    public FileTooLargeException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
