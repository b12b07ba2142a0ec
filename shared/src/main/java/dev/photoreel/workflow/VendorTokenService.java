package dev.photoreel.workflow;

import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one vendor token shared by every job and function, kept in the jobs table ({@link TokenStore}).
 * A token is minted only when none is stored, the stored one expires within {@link #RENEW_BEFORE}, or
 * the vendor rejected it; minting happens under a lease (a conditional write with an expiry) so that
 * concurrent cold starts mint once: the others poll the item until the winner writes it or a
 * deadline passes. The token is cached per container; it never appears in logs or exceptions.
 */
public final class VendorTokenService implements TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(VendorTokenService.class);
    /** Renew a token this long before it expires (anonymous tokens live 7 days). */
    public static final Duration RENEW_BEFORE = Duration.ofHours(1);
    private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(7);

    /** Mints a token at the vendor (needs no token). */
    @FunctionalInterface
    public interface Minter {
        AnonymousToken mint();
    }

    /** How long the mint lease lasts, how long a loser waits for the winner, and how often it looks. */
    public record Timing(Duration lease, Duration waitDeadline, Duration pollInterval) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(25), Duration.ofMillis(500));
    }

    private final TokenStore store;
    private final Minter minter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Timing timing;
    private volatile TokenStore.StoredToken cached;

    public VendorTokenService(TokenStore store, Minter minter, Clock clock, Sleeper sleeper, Timing timing) {
        this.store = store;
        this.minter = minter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.timing = timing;
    }

    @Override
    public String currentToken() {
        TokenStore.StoredToken token = cached;
        if (token != null && usable(token)) {
            return token.token();
        }
        return obtain(null);
    }

    @Override
    public String renewAfterRejection(String rejectedToken) {
        LOG.warn("vendor rejected the stored token: renewing it");
        cached = null;
        return obtain(rejectedToken);
    }

    private String obtain(String rejected) {
        Instant deadline = clock.instant().plus(timing.waitDeadline());
        while (true) {
            Optional<TokenStore.StoredToken> stored = store.read();
            if (stored.isPresent() && usable(stored.get()) && !stored.get().token().equals(rejected)) {
                cached = stored.get();
                return cached.token();
            }
            String owner = UUID.randomUUID().toString();
            Instant now = clock.instant();
            if (store.acquireLease(owner, now, now.plus(timing.lease()), stored.map(TokenStore.StoredToken::token).orElse(null))) {
                return mint(owner);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new VendorUnavailableException("another function holds the vendor token mint lease and stored no"
                        + " token within " + timing.waitDeadline().toSeconds() + " s; retry shortly", null, null, null);
            }
            pause();
        }
    }

    private String mint(String owner) {
        AnonymousToken minted;
        try {
            minted = minter.mint();
        } catch (RuntimeException e) {
            store.releaseLease(owner);
            throw e;
        }
        Instant expiresAt = Optional.ofNullable(minted.expiresAt()).orElse(clock.instant().plus(DEFAULT_TOKEN_LIFETIME));
        if (!store.storeToken(owner, minted.token(), expiresAt)) {
            LOG.warn("the mint lease expired before the token was stored; using the minted token in this container only");
        } else {
            LOG.atInfo().addKeyValue("tokenExpiresAt", expiresAt).log("minted and stored a new vendor token");
        }
        cached = new TokenStore.StoredToken(minted.token(), expiresAt);
        return minted.token();
    }

    private boolean usable(TokenStore.StoredToken token) {
        return token.expiresAt() == null || token.expiresAt().minus(RENEW_BEFORE).isAfter(clock.instant());
    }

    private void pause() {
        try {
            sleeper.sleep(timing.pollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorUnavailableException("interrupted while waiting for the vendor token", null, null, e);
        }
    }
}
