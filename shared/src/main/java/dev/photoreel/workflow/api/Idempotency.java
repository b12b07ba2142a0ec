package dev.photoreel.workflow.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header of the POSTs (IETF httpapi draft): the first request with a key runs and
 * its successful response is kept for 24 h; a repeat with the same body gets that response again and changes
 * nothing; the same key with another body is 422; a repeat while the first is still running is 409. Keys are
 * per caller. A request that did not succeed gives its key back, so the client can fix it and retry.
 */
public final class Idempotency {

    public static final Duration RETENTION = Duration.ofHours(24);
    /** An in-flight claim older than this is taken over (its request died with its Lambda). */
    static final Duration IN_FLIGHT_LEASE = Duration.ofSeconds(120);
    private static final int MAX_KEY_CHARS = 255;

    private final IdempotencyStore store;
    private final Clock clock;

    public Idempotency(IdempotencyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Runs {@code request} once per (caller, key, body); without a key it simply runs it. */
    public ApiResponse run(String caller, String headerValue, String method, String path, String body, Supplier<ApiResponse> request) {
        if (headerValue == null) {
            return request.get();
        }
        String key = parseKey(headerValue);
        String id = sha256(caller + "\n" + key);
        String fingerprint = sha256(method + " " + path + "\n" + (body == null ? "" : body));
        Instant now = clock.instant();
        if (!store.begin(id, fingerprint, now, now.minus(IN_FLIGHT_LEASE), now.plus(RETENTION))) {
            return replay(id, fingerprint, key);
        }
        ApiResponse response;
        try {
            response = request.get();
        } catch (RuntimeException e) {
            store.release(id);
            throw e;
        }
        if (response.status() >= 200 && response.status() < 300) {
            store.complete(id, response.status(), response.body(), response.headers().get("Location"));
        } else {
            store.release(id);
        }
        return response;
    }

    private ApiResponse replay(String id, String fingerprint, String key) {
        Optional<IdempotencyStore.Entry> entry = store.find(id);
        if (entry.isEmpty()) {
            throw ApiProblem.conflict("a request with Idempotency-Key '" + key + "' is being handled; retry in a moment");
        }
        if (!entry.get().fingerprint().equals(fingerprint)) {
            throw new ApiProblem(422, "idempotency-key-reused", "Idempotency-Key reused with another request",
                    "Idempotency-Key '" + key + "' was used with a different request body or path in the last 24 h: use a new key for a new request",
                    List.of(new ApiProblem.FieldError("Idempotency-Key", "already used for another request")));
        }
        if (!entry.get().complete()) {
            throw ApiProblem.conflict("the first request with Idempotency-Key '" + key + "' is still in flight; retry when it has finished");
        }
        ApiResponse replayed = ApiResponse.json(entry.get().status(), entry.get().body()).withHeader("Idempotent-Replayed", "true");
        return entry.get().location() == null ? replayed : replayed.withHeader("Location", entry.get().location());
    }

    /** The key as a structured-field string ({@code "abc"}) or bare ({@code abc}). */
    static String parseKey(String headerValue) {
        String key = headerValue.trim();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw ApiProblem.invalid("Idempotency-Key must be 1 to " + MAX_KEY_CHARS + " printable ASCII characters, e.g. a UUID",
                    List.of(new ApiProblem.FieldError("Idempotency-Key", "empty, too long or not printable ASCII")));
        }
        return key;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
