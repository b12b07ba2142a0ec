package dev.photoreel.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates JSON against the subset of JSON Schema draft 4 (API Gateway's dialect) that the request schemas use:
 * {@code type}, {@code properties}, {@code required}, {@code additionalProperties: false}, {@code enum},
 * {@code minLength}/{@code maxLength}/{@code pattern}, {@code minimum}/{@code maximum} (with the draft-4 boolean
 * {@code exclusiveMinimum}/{@code exclusiveMaximum}), {@code minItems}/{@code maxItems}/{@code uniqueItems}/{@code items},
 * and {@code oneOf}. A keyword outside this subset is refused when the schema is loaded, so a schema cannot silently
 * mean more at the gateway than in the handler. (A small validator of our own keeps the Lambda artifact under its size
 * budget; a general-purpose library added half a megabyte.)
 */
final class SchemaValidator {

    private static final Set<String> KEYWORDS = Set.of("$schema", "title", "description", "type", "properties", "required",
            "additionalProperties", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "items", "oneOf");

    private SchemaValidator() {
    }

    /** Fails when the schema uses a keyword this validator does not implement. */
    static void checkSupported(JsonNode schema, String at) {
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!KEYWORDS.contains(field.getKey())) {
                throw new IllegalStateException("schema keyword '" + field.getKey() + "' at " + at + " is not supported by SchemaValidator");
            }
        }
        schema.path("properties").fields().forEachRemaining(p -> checkSupported(p.getValue(), at + "." + p.getKey()));
        if (schema.has("items")) {
            checkSupported(schema.get("items"), at + "[]");
        }
        schema.path("oneOf").forEach(s -> checkSupported(s, at + " oneOf"));
    }

    /** The violations of {@code value} at {@code path} (empty when it matches). */
    static List<ApiProblem.FieldError> validate(JsonNode schema, JsonNode value, String path) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        check(schema, value, path, errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<ApiProblem.FieldError> errors) {
        String field = path.isEmpty() ? "body" : path;
        String type = schema.path("type").asText(null);
        if (type != null && !hasType(value, type)) {
            errors.add(new ApiProblem.FieldError(field, "must be " + (type.equals("integer") || type.equals("object") || type.equals("array")
                    ? "an " : "a ") + type + ", not " + describe(value)));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                errors.add(new ApiProblem.FieldError(field, "must be one of " + schema.get("enum") + ", not " + value));
            }
        }
        if (value.isTextual()) {
            int length = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                errors.add(new ApiProblem.FieldError(field, "must have at least " + schema.get("minLength").asInt() + " characters"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                errors.add(new ApiProblem.FieldError(field, "must have at most " + schema.get("maxLength").asInt() + " characters"));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                errors.add(new ApiProblem.FieldError(field, "must match " + schema.get("pattern").asText()));
            }
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            if (schema.has("minimum")) {
                double min = schema.get("minimum").asDouble();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive ? number <= min : number < min) {
                    errors.add(new ApiProblem.FieldError(field, "must be " + (exclusive ? "above " : "at least ") + schema.get("minimum")));
                }
            }
            if (schema.has("maximum")) {
                double max = schema.get("maximum").asDouble();
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                if (exclusive ? number >= max : number > max) {
                    errors.add(new ApiProblem.FieldError(field, "must be " + (exclusive ? "below " : "at most ") + schema.get("maximum")));
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                errors.add(new ApiProblem.FieldError(field, "must have at least " + schema.get("minItems").asInt() + " items"));
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(new ApiProblem.FieldError(field, "must have at most " + schema.get("maxItems").asInt() + " items"));
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                Set<JsonNode> seen = new HashSet<>();
                for (JsonNode item : value) {
                    if (!seen.add(item)) {
                        errors.add(new ApiProblem.FieldError(field, "lists " + item + " more than once"));
                    }
                }
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    errors.add(new ApiProblem.FieldError(join(path, required.asText()), "is required"));
                }
            }
            value.fields().forEachRemaining(entry -> {
                JsonNode propertySchema = properties.get(entry.getKey());
                if (propertySchema != null) {
                    check(propertySchema, entry.getValue(), join(path, entry.getKey()), errors);
                } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true)) {
                    errors.add(new ApiProblem.FieldError(join(path, entry.getKey()), "is not a known field (allowed: "
                            + String.join(", ", fieldNames(properties)) + ")"));
                }
            });
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            List<String> alternatives = new ArrayList<>();
            for (JsonNode alternative : schema.get("oneOf")) {
                matches += validate(alternative, value, path).isEmpty() ? 1 : 0;
                alternatives.add(alternative.toString());
            }
            if (matches != 1) {
                errors.add(new ApiProblem.FieldError(field, "must match exactly one of " + String.join(" or ", alternatives)
                        + " (matches " + matches + ")"));
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unsupported schema type " + type);
        };
    }

    private static String describe(JsonNode value) {
        return value.isObject() ? "an object" : value.isArray() ? "an array" : value.isTextual() ? "a string" : value.isNumber() ? "a number"
                : value.isBoolean() ? "a boolean" : "null";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static List<String> fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
