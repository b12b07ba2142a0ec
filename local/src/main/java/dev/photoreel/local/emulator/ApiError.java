package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answer: the HTTP status and the JSON body the vendor would send. */
final class ApiError extends RuntimeException {

    private final int httpStatus;
    private final transient ObjectNode body;

    private ApiError(int httpStatus, ObjectNode body, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.body = body;
    }

    int httpStatus() {
        return httpStatus;
    }

    ObjectNode body() {
        return body;
    }

    /** A vendor code in the {@code code}/{@code message} envelope, HTTP 200. */
    static ApiError code(int code, String message) {
        return withCode(200, code, message);
    }

    /** A vendor code about one file: the envelope's {@code data.filename} names it. */
    static ApiError fileCode(int code, String message, String filename) {
        ApiError error = code(code, message);
        error.body.putObject("data").put("filename", filename);
        return error;
    }

    /** A non-2xx status with a vendor-style body carrying {@code code} and {@code message}. */
    static ApiError withCode(int httpStatus, int code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", code).put("message", message).putNull("data");
        return new ApiError(httpStatus, body, message);
    }

    /** A FastAPI-style {@code {"detail": "..."}} body. */
    static ApiError detail(int httpStatus, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("detail", detail);
        return new ApiError(httpStatus, body, detail);
    }

    /** A {@code {"success": false, "error": "..."}} body. */
    static ApiError failure(int httpStatus, String error) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("success", false).put("error", error);
        return new ApiError(httpStatus, body, error);
    }
}
