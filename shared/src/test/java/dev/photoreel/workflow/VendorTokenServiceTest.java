package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.workflow.testing.InMemoryTokenStore;
import dev.photoreel.workflow.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VendorTokenServiceTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final AtomicInteger mints = new AtomicInteger();
    private Runnable duringSleep = () -> { };

    private VendorTokenService service() {
        return new VendorTokenService(store,
                () -> new AnonymousToken("nmv_usr_" + mints.incrementAndGet(), "anon", clock.instant().plus(Duration.ofDays(7)), 100),
                clock, d -> {
                    clock.advance(d);
                    duringSleep.run();
                }, VendorTokenService.Timing.DEFAULT);
    }

    @Test
    void currentToken_whenNoneStored_mintsOnceAndStoresIt() {
        VendorTokenService tokens = service();
        assertEquals("nmv_usr_1", tokens.currentToken());
        assertEquals("nmv_usr_1", tokens.currentToken());
        assertEquals("nmv_usr_1", service().currentToken(), "another container reuses the stored token");
        assertEquals(1, mints.get());
        assertEquals("nmv_usr_1", store.read().orElseThrow().token());
    }

    @Test
    void currentToken_whenStoredTokenExpiresSoon_mintsANewOne() {
        store.put("nmv_usr_old", clock.instant().plus(Duration.ofMinutes(30)));
        assertEquals("nmv_usr_1", service().currentToken());
        assertEquals(1, mints.get());
    }

    @Test
    void renewAfterRejection_mintsOnlyIfTheRejectedTokenIsStillStored() {
        store.put("nmv_usr_old", clock.instant().plus(Duration.ofDays(5)));
        VendorTokenService tokens = service();
        assertEquals("nmv_usr_old", tokens.currentToken());

        assertEquals("nmv_usr_1", tokens.renewAfterRejection("nmv_usr_old"));
        // a second container rejected the same old token: it picks up the renewed one, no new mint
        assertEquals("nmv_usr_1", service().renewAfterRejection("nmv_usr_old"));
        assertEquals(1, mints.get());
    }

    @Test
    void currentToken_whenAnotherHoldsTheLease_waitsForItsToken() {
        store.holdLease("other", clock.instant().plusSeconds(30));
        duringSleep = () -> {
            if (clock.instant().isAfter(Instant.parse("2026-03-01T10:00:01Z"))) {
                store.put("nmv_usr_theirs", clock.instant().plus(Duration.ofDays(7)));
            }
        };
        assertEquals("nmv_usr_theirs", service().currentToken());
        assertEquals(0, mints.get());
    }

    @Test
    void currentToken_whenLeaseHolderNeverWrites_failsTransientlyAfterTheDeadline() {
        store.holdLease("other", clock.instant().plusSeconds(600));
        VendorUnavailableException e = assertThrows(VendorUnavailableException.class, () -> service().currentToken());
        assertTrue(e.getMessage().contains("lease"));
        assertEquals(0, mints.get());
    }

    @Test
    void currentToken_whenMintFails_releasesTheLease() {
        VendorTokenService failing = new VendorTokenService(store, () -> {
            throw new VendorUnavailableException("down", null, 503, null);
        }, clock, d -> clock.advance(d), VendorTokenService.Timing.DEFAULT);
        assertThrows(VendorUnavailableException.class, failing::currentToken);
        assertEquals("nmv_usr_1", service().currentToken());
    }

    @Test
    void storedToken_toStringNeverShowsTheToken() {
        store.put("nmv_usr_secret", clock.instant());
        assertFalse(store.read().orElseThrow().toString().contains("secret"));
    }
}
