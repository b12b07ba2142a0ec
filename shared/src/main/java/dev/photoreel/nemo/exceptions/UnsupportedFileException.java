package dev.photoreel.nemo.exceptions;

/** 4001: a file's format is not supported; the message names the file and the supported formats. */
public class UnsupportedFileException extends NemoPermanentException {
    public UnsupportedFileException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
