package dev.photoreel.workflow.api;

import java.util.List;

/**
 * A request the API refuses: becomes an RFC 9457 {@code application/problem+json} response with the status,
 * a type, a title, a detail that says how to fix it, and the fields at fault.
 */
public final class ApiProblem extends RuntimeException {

    /** One field at fault (a JSON pointer into the request body, or a file name) and what is wrong with it. */
    public record FieldError(String field, String detail) {
    }

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String slug, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        return new ApiProblem(400, "invalid-request", "The request is invalid", detail, errors);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "No such resource", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "The job is not in a state that allows this", detail, List.of());
    }

    public int status() {
        return status;
    }

    /** The problem type URI. */
    public String type() {
        return "urn:photoreel:problem:" + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
