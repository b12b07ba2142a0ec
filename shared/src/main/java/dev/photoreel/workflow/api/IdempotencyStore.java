package dev.photoreel.workflow.api;

import java.time.Instant;
import java.util.Optional;

/** Idempotency records of the POSTs, one per caller and key, kept 24 h (DynamoDB TTL). */
public interface IdempotencyStore {

    /** A stored request: its fingerprint, and the response once it completed. */
    record Entry(String fingerprint, boolean complete, int status, String body, String location, Instant startedAt) {
    }

    /**
     * Claims {@code id} for a request with {@code fingerprint}: true when there was no live record (absent,
     * expired, released, or an in-flight claim older than {@code staleBefore}); false otherwise.
     */
    boolean begin(String id, String fingerprint, Instant now, Instant staleBefore, Instant expiresAt);

    Optional<Entry> find(String id);

    /** Stores the response of the claimed request. */
    void complete(String id, int status, String body, String location);

    /** Gives the key back after a request that did not succeed, so the client can retry with it. */
    void release(String id);
}
