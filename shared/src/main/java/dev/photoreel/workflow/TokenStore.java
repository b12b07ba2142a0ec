package dev.photoreel.workflow;

import java.time.Instant;
import java.util.Optional;

/** Where the shared vendor token lives (one item), with the lease that lets one process mint it. */
public interface TokenStore {

    Optional<StoredToken> read();

    /**
     * Takes the mint lease until {@code leaseUntil} when no other unexpired lease is held and the
     * stored token (if any) is still the one the caller saw ({@code seenToken}, null for none).
     */
    boolean acquireLease(String owner, Instant now, Instant leaseUntil, String seenToken);

    /** Writes a freshly minted token and drops the lease, if {@code owner} still holds it. */
    boolean storeToken(String owner, String token, Instant tokenExpiresAt);

    /** Drops the lease held by {@code owner} after a failed mint. */
    void releaseLease(String owner);

    /** The stored token; {@link #toString()} never shows it. */
    record StoredToken(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "StoredToken[token=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }
}
