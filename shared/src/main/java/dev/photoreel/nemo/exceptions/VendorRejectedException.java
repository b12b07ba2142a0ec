package dev.photoreel.nemo.exceptions;

/** Any other non-zero vendor code or 4xx: the vendor refused the request, with its own message. */
public class VendorRejectedException extends NemoPermanentException {
    public VendorRejectedException(String message, Integer vendorCode, Integer httpStatus, Throwable cause) {
        super(message, vendorCode, httpStatus, cause);
    }
}
