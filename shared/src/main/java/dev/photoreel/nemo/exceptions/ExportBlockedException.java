package dev.photoreel.nemo.exceptions;

/** HTTP 402 on export: blocked by the plan tier; register or upgrade the plan. */
public class ExportBlockedException extends NemoPermanentException {
    public ExportBlockedException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
