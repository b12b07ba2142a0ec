package dev.photoreel.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The JSON schema of one request body (draft 4, API Gateway's dialect). The same file is the gateway's
 * request model in {@code template.yaml} (TemplateTest checks they are equal) and what the handler validates
 * with, since a local stack or a direct invocation validates nothing by itself.
 */
public final class RequestSchema {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The body of {@code POST /jobs}. */
    public static final RequestSchema CREATE_JOB = load("create-job");

    private final String name;
    private final JsonNode document;
    private final JsonSchema schema;

    private RequestSchema(String name, JsonNode document) {
        this.name = name;
        this.document = document;
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(document);
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
        Set<ValidationMessage> messages = schema.validate(body);
        if (messages.isEmpty()) {
            return;
        }
        List<ApiProblem.FieldError> errors = messages.stream()
                .map(m -> new ApiProblem.FieldError(field(m), m.getMessage()))
                .sorted(Comparator.comparing(ApiProblem.FieldError::field).thenComparing(ApiProblem.FieldError::detail))
                .toList();
        throw ApiProblem.invalid("the body does not match the " + name + " schema (docs/openapi.yaml): fix the fields listed in errors",
                errors);
    }

    private static String field(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        if ("additionalProperties".equals(message.getType()) && message.getProperty() != null) {
            location = location + "." + message.getProperty();
        }
        return location.startsWith("$.") ? location.substring(2) : location;
    }
}
