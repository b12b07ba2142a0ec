package dev.photoreel.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON schema of one request body (draft 4, API Gateway's dialect), which the handler validates every body with.
 * The gateway has no request model (its refusal could not name the fields at fault); {@code docs/openapi.yaml} shows
 * the same schema (ApiTemplateTest checks they are equal).
 */
public final class RequestSchema {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    /** The body of {@code POST /jobs}. */
    public static final RequestSchema CREATE_JOB = load("create-job");
    /** The body of {@code POST /jobs/{id}/revisions}. */
    public static final RequestSchema CREATE_REVISION = load("create-revision");

    private final String name;
    private final JsonNode document;

    private RequestSchema(String name, JsonNode document) {
        this.name = name;
        this.document = document;
        SchemaValidator.checkSupported(document, name);
    }

    /** The schema resource {@code dev/photoreel/workflow/api/<name>.schema.json}. */
    public static RequestSchema load(String name) {
        String resource = name + ".schema.json";
        try (InputStream in = RequestSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the artifact");
            }
            return new RequestSchema(name, MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    public String name() {
        return name;
    }

    /** The schema document (what the template's model must equal). */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** Refuses a body that does not match, naming every field at fault. */
    public void validate(JsonNode body) {
        List<ApiProblem.FieldError> errors = SchemaValidator.validate(document, body, "");
        if (errors.isEmpty()) {
            return;
        }
        throw ApiProblem.invalid("the body does not match the " + name + " schema (docs/openapi.yaml): fix the fields listed in errors",
                errors.stream().sorted(Comparator.comparing(ApiProblem.FieldError::field).thenComparing(ApiProblem.FieldError::detail)).toList());
    }
}
