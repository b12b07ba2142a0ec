package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.MotoDynamoDb;
import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.workflow.Sleeper;
import dev.photoreel.workflow.TokenStore;
import dev.photoreel.workflow.VendorTokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The vendor token's lease and storage on DynamoDB's protocol (moto). */
class DynamoTokenStoreIT {

    private final DynamoDbClient client = MotoDynamoDb.client();
    private final String table = MotoDynamoDb.createJobsTable();
    private final DynamoTokenStore store = new DynamoTokenStore(client, table);
    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void lease_isExclusiveUntilItExpires() {
        assertTrue(store.acquireLease("a", now, now.plusSeconds(30), null));
        assertFalse(store.acquireLease("b", now.plusSeconds(10), now.plusSeconds(40), null));
        assertTrue(store.acquireLease("b", now.plusSeconds(31), now.plusSeconds(61), null));
        assertFalse(store.storeToken("a", "nmv_usr_a", now.plus(Duration.ofDays(7))), "a lost its lease");
        assertTrue(store.storeToken("b", "nmv_usr_b", now.plus(Duration.ofDays(7))));
        assertEquals(new TokenStore.StoredToken("nmv_usr_b", now.plus(Duration.ofDays(7))), store.read().orElseThrow());
    }

    @Test
    void lease_onlyWhenTheStoredTokenIsTheOneSeen() {
        assertTrue(store.acquireLease("a", now, now.plusSeconds(30), null));
        assertTrue(store.storeToken("a", "nmv_usr_1", now.plusSeconds(100)));
        assertFalse(store.acquireLease("b", now, now.plusSeconds(30), null), "a token exists now");
        assertFalse(store.acquireLease("b", now, now.plusSeconds(30), "nmv_usr_0"), "someone renewed already");
        assertTrue(store.acquireLease("b", now, now.plusSeconds(30), "nmv_usr_1"));
        store.releaseLease("b");
        assertTrue(store.acquireLease("c", now, now.plusSeconds(30), "nmv_usr_1"));
    }

    @Test
    void concurrentColdStarts_mintOnce() throws Exception {
        AtomicInteger mints = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Sleeper sleeper = d -> TimeUnit.MILLISECONDS.sleep(d.toMillis());
        VendorTokenService.Timing timing = new VendorTokenService.Timing(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(20));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                VendorTokenService tokens = new VendorTokenService(new DynamoTokenStore(client, table), () -> {
                    int n = mints.incrementAndGet();
                    return new AnonymousToken("nmv_usr_" + n, "anon", null, 100);
                }, Clock.systemUTC(), sleeper, timing);
                Callable<String> call = () -> {
                    start.await();
                    return tokens.currentToken();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<String> result : results) {
                tokens.add(result.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, mints.get());
            assertEquals(Set.of("nmv_usr_1"), tokens);
        } finally {
            pool.shutdownNow();
        }
    }
}
