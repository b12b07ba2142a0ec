package dev.photoreel.workflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.workflow.testing.InMemoryIdempotencyStore;
import dev.photoreel.workflow.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Idempotency idempotency = new Idempotency(new InMemoryIdempotencyStore(), clock);
    private final AtomicInteger runs = new AtomicInteger();

    private ApiResponse create(String caller, String key, String body) {
        return idempotency.run(caller, key, "POST", "/jobs", body, () -> ApiResponse.json(201, "{\"n\": " + runs.incrementAndGet() + "}"));
    }

    @Test
    void sameKeySameBody_replaysTheFirstResponse_quotedOrBare() {
        ApiResponse first = create("a", "\"k1\"", "{}");
        ApiResponse again = create("a", "k1", "{}");

        assertEquals(first.body(), again.body());
        assertEquals("true", again.headers().get("Idempotent-Replayed"));
        assertEquals(1, runs.get());
    }

    @Test
    void sameKeyOtherBody_is422_andKeysArePerCaller() {
        create("a", "k1", "{}");
        assertEquals(422, assertThrows(ApiProblem.class, () -> create("a", "k1", "{\"x\": 1}")).status());
        create("b", "k1", "{\"x\": 1}");
        assertEquals(2, runs.get());
    }

    @Test
    void whileInFlight_is409() {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> idempotency.run("a", "k1", "POST", "/jobs", "{}",
                () -> create("a", "k1", "{}")));
        assertEquals(409, problem.status());
    }

    @Test
    void aRefusedRequest_givesItsKeyBack_andKeysExpireAfter24h() {
        assertThrows(ApiProblem.class, () -> idempotency.run("a", "k1", "POST", "/jobs", "{}", () -> {
            throw ApiProblem.invalid("bad", java.util.List.of());
        }));
        create("a", "k1", "{}");
        clock.advance(Duration.ofHours(25));
        create("a", "k1", "{}");
        assertEquals(2, runs.get());
    }

    @Test
    void aBadKey_is400() {
        assertEquals(400, assertThrows(ApiProblem.class, () -> create("a", "\"\"", "{}")).status());
    }
}
