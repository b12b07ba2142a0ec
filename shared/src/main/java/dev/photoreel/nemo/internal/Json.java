package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.math.BigDecimal;

/**
 * The one Jackson mapper of the NemoVideo client, and tolerant readers over {@link JsonNode}.
 * Decimals are read as {@link BigDecimal} with trailing zeros kept, so a draft goes back to the
 * vendor with its numbers written as they came.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private Json() {
    }

    /** Parses JSON text; null when it is blank or not JSON. */
    public static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The first of {@code names} present (not null) in {@code node}, or null. */
    public static JsonNode first(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.isMissingNode()) {
                return value;
            }
        }
        return null;
    }

    /** The first of {@code names} as text (numbers as their text), or null when absent or blank. */
    public static String text(JsonNode node, String... names) {
        JsonNode value = first(node, names);
        if (value == null || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** The first of {@code names} as a number (numeric strings accepted), or null. */
    public static BigDecimal number(JsonNode node, String... names) {
        JsonNode value = first(node, names);
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static Integer integer(JsonNode node, String... names) {
        BigDecimal number = number(node, names);
        return number == null ? null : number.intValue();
    }

    public static Long longValue(JsonNode node, String... names) {
        BigDecimal number = number(node, names);
        return number == null ? null : number.longValue();
    }

    public static Double doubleValue(JsonNode node, String... names) {
        BigDecimal number = number(node, names);
        return number == null ? null : number.doubleValue();
    }

    /** The first of {@code names} as a boolean ({@code "true"}/{@code "false"} strings accepted), or null. */
    public static Boolean bool(JsonNode node, String... names) {
        JsonNode value = first(node, names);
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && ("true".equalsIgnoreCase(value.asText()) || "false".equalsIgnoreCase(value.asText()))) {
            return Boolean.parseBoolean(value.asText());
        }
        return null;
    }

    /**
     * Error text in any of the vendor's spellings: {@code message}, {@code msg}, {@code error},
     * {@code detail}, {@code errorMessage}; an object under {@code error}/{@code detail} is searched in turn.
     */
    public static String errorText(JsonNode node) {
        JsonNode value = first(node, "message", "msg", "error", "detail", "errorMessage", "error_message");
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            String inner = errorText(value);
            return inner != null ? inner : value.toString();
        }
        if (value.isArray()) {
            return value.isEmpty() ? null : value.toString();
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }
}
