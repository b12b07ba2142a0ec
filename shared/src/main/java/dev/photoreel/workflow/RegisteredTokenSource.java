package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.internal.Json;

/**
 * A registered account's token from a secret ({@code NEMO_TOKEN_SECRET_ARN}): never minted. The
 * secret holds the token as plain text or as JSON {@code {"token": "..."}}. On rejection the secret is
 * read again (it may have been rotated); the same token again fails with {@link InvalidTokenException}.
 */
public final class RegisteredTokenSource implements TokenSource {

    /** Reads a secret's string value. */
    @FunctionalInterface
    public interface SecretReader {
        String read(String secretId);
    }

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private final SecretReader reader;
    private final String secretId;
    private volatile String cached;

    public RegisteredTokenSource(SecretReader reader, String secretId) {
        this.reader = reader;
        this.secretId = secretId;
    }

    @Override
    public String currentToken() {
        String token = cached;
        if (token == null) {
            token = readToken();
            cached = token;
        }
        return token;
    }

    @Override
    public String renewAfterRejection(String rejectedToken) {
        String token = readToken();
        if (token.equals(rejectedToken)) {
            throw new InvalidTokenException("the vendor rejected the registered account's token in secret " + secretId
                    + "; put a valid NemoVideo token into that secret", 1001, null, null);
        }
        cached = token;
        return token;
    }

    private String readToken() {
        String value = reader.read(secretId);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("secret " + secretId + " (NEMO_TOKEN_SECRET_ARN) is empty: store the NemoVideo token in it");
        }
        String trimmed = value.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode token = MAPPER.readTree(trimmed).path("token");
                if (token.isTextual() && !token.asText().isBlank()) {
                    return token.asText();
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("secret " + secretId + " looks like JSON but is not valid JSON;"
                        + " store the token as plain text or as {\"token\": \"...\"}");
            }
            throw new IllegalStateException("secret " + secretId + " is JSON without a 'token' field;"
                    + " store the token as plain text or as {\"token\": \"...\"}");
        }
        return trimmed;
    }
}
