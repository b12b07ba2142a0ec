package dev.photoreel.workflow.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque {@code next} cursor of a listing: the page's last key and the filter it was made for, HMAC-SHA256
 * signed, so a client can only hand back what the API gave it (a changed byte is a 400).
 */
final class Cursor {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private Cursor() {
    }

    static String encode(Map<String, String> lastKey, String filter, byte[] secret) {
        try {
            String payload = ENCODE.encodeToString(MAPPER.writeValueAsBytes(Map.of("k", lastKey, "f", filter)));
            return payload + "." + ENCODE.encodeToString(mac(payload, secret));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a cursor", e);
        }
    }

    static Map<String, String> decode(String cursor, String filter, byte[] secret) {
        int dot = cursor.indexOf('.');
        try {
            if (dot > 0) {
                String payload = cursor.substring(0, dot);
                String signatureText = cursor.substring(dot + 1);
                byte[] signature = DECODE.decode(signatureText);
                // canonical base64 only: the decoder ignores a last character's unused bits, so two spellings of one
                // signature would both pass
                if (ENCODE.encodeToString(signature).equals(signatureText) && MessageDigest.isEqual(signature, mac(payload, secret))) {
                    Map<String, Object> content = MAPPER.readValue(DECODE.decode(payload), new TypeReference<>() { });
                    if (!filter.equals(content.get("f"))) {
                        throw invalid("the cursor belongs to a listing with another status filter: repeat the status of the request that returned it");
                    }
                    return MAPPER.convertValue(content.get("k"), new TypeReference<Map<String, String>>() { });
                }
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // not base64 or not JSON: refused below like a bad signature
        }
        throw invalid("the cursor is not one this API issued (changed or truncated): pass 'next' exactly as a listing returned it,"
                + " or leave it out to start from the newest job");
    }

    private static ApiProblem invalid(String detail) {
        return ApiProblem.invalid(detail, List.of(new ApiProblem.FieldError("next", "not a valid cursor")));
    }

    private static byte[] mac(String payload, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
