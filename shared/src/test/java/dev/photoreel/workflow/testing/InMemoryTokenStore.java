package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.TokenStore;
import java.time.Instant;
import java.util.Optional;

/** A {@link TokenStore} in memory with the DynamoDB store's lease rules. */
public final class InMemoryTokenStore implements TokenStore {

    private StoredToken token;
    private String leaseOwner;
    private Instant leaseUntil;
    private int leasesGranted;

    @Override
    public synchronized Optional<StoredToken> read() {
        return Optional.ofNullable(token);
    }

    @Override
    public synchronized boolean acquireLease(String owner, Instant now, Instant until, String seenToken) {
        boolean leaseFree = leaseUntil == null || leaseUntil.isBefore(now);
        boolean tokenAsSeen = token == null || (seenToken != null && token.token().equals(seenToken));
        if (!leaseFree || !tokenAsSeen) {
            return false;
        }
        leaseOwner = owner;
        leaseUntil = until;
        leasesGranted++;
        return true;
    }

    @Override
    public synchronized boolean storeToken(String owner, String value, Instant expiresAt) {
        if (!owner.equals(leaseOwner)) {
            return false;
        }
        token = new StoredToken(value, expiresAt);
        leaseOwner = null;
        leaseUntil = null;
        return true;
    }

    @Override
    public synchronized void releaseLease(String owner) {
        if (owner.equals(leaseOwner)) {
            leaseOwner = null;
            leaseUntil = null;
        }
    }

    public synchronized void put(String value, Instant expiresAt) {
        token = new StoredToken(value, expiresAt);
    }

    /** Simulates another process holding the lease. */
    public synchronized void holdLease(String owner, Instant until) {
        leaseOwner = owner;
        leaseUntil = until;
    }

    public synchronized int leasesGranted() {
        return leasesGranted;
    }
}
