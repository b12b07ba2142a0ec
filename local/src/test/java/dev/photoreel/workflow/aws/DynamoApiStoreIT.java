package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.MotoDynamoDb;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.Times;
import dev.photoreel.workflow.api.ApiStore;
import dev.photoreel.workflow.api.IdempotencyStore;
import dev.photoreel.workflow.api.JobsApiService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The jobs API's table access on DynamoDB's protocol (moto), on a table made as the template makes it (ByCreatedAt). */
class DynamoApiStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private DynamoDbClient client;
    private String table;
    private DynamoJobRepository jobs;
    private DynamoApiStore store;

    @BeforeEach
    void table() {
        client = MotoDynamoDb.client();
        table = MotoDynamoDb.createJobsTable();
        jobs = new DynamoJobRepository(client, table);
        store = new DynamoApiStore(client, table);
    }


    private void job(String id, int second) {
        Instant at = T0.plusSeconds(second);
        jobs.createJob(id, Map.of(JobsApiService.LIST_KEY, "JOB", JobAttributes.CREATED_AT, Times.format(at), JobAttributes.PREFIX, "api/" + id + "/"),
                at, at.plusSeconds(3600));
    }

    private List<String> ids(Optional<ApiStore.StatusFilter> filter) {
        return store.listJobs(filter, 10, Optional.empty()).jobs().stream().map(ApiStore.ListedJob::jobId).toList();
    }

    @Test
    void listing_isNewestFirst_pagesWithTheLastKey_andFiltersByApiStatus() {
        job("a", 1);
        job("b", 2);
        job("c", 3);
        jobs.markExecutionStarted("b");
        jobs.markExecutionStarted("c");
        jobs.markCompleted("c", T0);

        ApiStore.Page first = store.listJobs(Optional.empty(), 2, Optional.empty());
        assertEquals(List.of("c", "b"), first.jobs().stream().map(ApiStore.ListedJob::jobId).toList());
        assertTrue(first.lastKey().isPresent());
        assertEquals(List.of("a"), store.listJobs(Optional.empty(), 2, first.lastKey()).jobs().stream().map(ApiStore.ListedJob::jobId).toList());

        assertEquals(List.of("c"), ids(Optional.of(ApiStore.StatusFilter.COMPLETED)));
        assertEquals(List.of(), ids(Optional.of(ApiStore.StatusFilter.FAILED)));
        assertEquals(List.of("b"), ids(Optional.of(ApiStore.StatusFilter.RUNNING)));
        assertEquals(List.of("a"), ids(Optional.of(ApiStore.StatusFilter.CREATED)));
    }

    @Test
    void progress_onlyRises_andTheCursorKeyIsCreatedOnce() {
        job("a", 1);
        assertEquals(40, store.raiseProgress("a", 40));
        assertEquals(40, store.raiseProgress("a", 10));
        assertEquals(60, store.raiseProgress("a", 60));

        byte[] key = store.cursorKey();
        assertEquals(32, key.length);
        assertArrayEquals(key, new DynamoApiStore(client, table).cursorKey(), "every function signs with the same key");
    }

    @Test
    void idempotency_claimCompleteReleaseAndStaleInFlight() {
        DynamoIdempotencyStore idempotency = new DynamoIdempotencyStore(client, table);
        Instant now = T0;
        assertTrue(idempotency.begin("k", "f1", now, now.minusSeconds(120), now.plusSeconds(86400)));
        assertFalse(idempotency.begin("k", "f1", now, now.minusSeconds(120), now.plusSeconds(86400)), "in flight");
        IdempotencyStore.Entry inFlight = idempotency.find("k").orElseThrow();
        assertFalse(inFlight.complete());
        idempotency.complete("k", 201, "{}", "https://x/jobs/a");
        IdempotencyStore.Entry done = idempotency.find("k").orElseThrow();
        assertEquals(201, done.status());
        assertEquals("https://x/jobs/a", done.location());

        assertTrue(idempotency.begin("s", "f", now, now.minusSeconds(120), now.plusSeconds(86400)));
        Instant later = now.plusSeconds(300);
        assertTrue(idempotency.begin("s", "f", later, later.minusSeconds(120), later.plusSeconds(86400)), "a stale in-flight claim is taken over");
        idempotency.release("s");
        assertTrue(idempotency.find("s").isEmpty());
        assertTrue(idempotency.begin("s", "g", later, later.minusSeconds(120), later.plusSeconds(86400)), "a released key is free");
    }
}
