package dev.photoreel.functions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The one JSON mapper of the functions: unknown input fields ignored, null fields left out. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private Json() {
    }

    static JsonNode read(InputStream input) throws IOException {
        JsonNode node = MAPPER.readTree(input);
        return node == null ? MAPPER.createObjectNode() : node;
    }

    /** Parses JSON text (an SQS message body); not JSON is an {@link IllegalArgumentException} naming the problem. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the message body is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the step input does not match " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    static void write(OutputStream output, Object value) throws IOException {
        MAPPER.writeValue(output, value);
    }
}
