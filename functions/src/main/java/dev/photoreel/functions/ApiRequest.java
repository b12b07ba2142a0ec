package dev.photoreel.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.api.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An API Gateway proxy event (REST API, payload format 1.0), read as plain JSON: what the route handlers need
 * of it. The caller is the IAM principal (SigV4) or the API key id, as API Gateway puts it in the request context.
 */
record ApiRequest(String method, String path, JsonNode event, String body) {

    static ApiRequest from(JsonNode event) {
        String body = event.path("body").isTextual() ? event.path("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new ApiRequest(event.path("httpMethod").asText(""), event.path("path").asText(""), event, body);
    }

    Optional<String> pathParameter(String name) {
        return text(event.path("pathParameters").path(name));
    }

    String requirePathParameter(String name) {
        return pathParameter(name).orElseThrow(() -> ApiProblem.invalid("the path has no " + name,
                List.of(new ApiProblem.FieldError(name, "missing"))));
    }

    Optional<String> query(String name) {
        return text(event.path("queryStringParameters").path(name));
    }

    /** A request header, whatever its case. */
    Optional<String> header(String name) {
        var fields = event.path("headers").fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equalsIgnoreCase(name) && field.getValue().isTextual()) {
                return Optional.of(field.getValue().asText());
            }
        }
        return Optional.empty();
    }

    /** The API stage's variables (e.g. the page's sign-in settings); empty when the stage has none. */
    java.util.Map<String, String> stageVariables() {
        java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
        event.path("stageVariables").fields().forEachRemaining(f -> {
            if (f.getValue().isTextual()) {
                variables.put(f.getKey(), f.getValue().asText());
            }
        });
        return variables;
    }

    /**
     * Who calls: a signed-in user of the page (the Cognito authorizer's {@code sub} claim), else the IAM principal's
     * ARN, else the API key id, else the access key.
     */
    String caller() {
        Optional<String> user = text(event.path("requestContext").path("authorizer").path("claims").path("sub"));
        if (user.isPresent()) {
            return "cognito:" + user.get();
        }
        JsonNode identity = event.path("requestContext").path("identity");
        for (String field : List.of("userArn", "caller", "apiKeyId", "accessKey")) {
            Optional<String> value = text(identity.path(field));
            if (value.isPresent()) {
                return field + ":" + value.get();
            }
        }
        return "anonymous";
    }

    /**
     * The API's base URL as the client called it: scheme and host, plus the stage (and any base path) that
     * {@code requestContext.path} has in front of the resource path.
     */
    String baseUrl() {
        String proto = header("X-Forwarded-Proto").orElse("https").toLowerCase(Locale.ROOT);
        String host = header("Host").orElse("localhost");
        String fullPath = event.path("requestContext").path("path").asText(path);
        String prefix = fullPath.endsWith(path) ? fullPath.substring(0, fullPath.length() - path.length()) : "";
        return proto + "://" + host + prefix;
    }

    /** The path the API is served under as the client called it (the stage, e.g. {@code /v1/}), ending in {@code /}. */
    String basePath() {
        String fullPath = event.path("requestContext").path("path").asText(path);
        String prefix = fullPath.endsWith(path) ? fullPath.substring(0, fullPath.length() - path.length()) : "";
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The body as JSON; an absent body is an empty object, a body that is not JSON a 400. */
    JsonNode jsonBody() {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiProblem.invalid("the body is not JSON (" + e.getOriginalMessage() + "): send a JSON object with Content-Type: application/json",
                    List.of(new ApiProblem.FieldError("body", "not JSON")));
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Optional.of(node.asText()) : Optional.empty();
    }
}
