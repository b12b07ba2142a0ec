package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.api.IdempotencyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link IdempotencyStore} in memory, with the Dynamo store's rules (expiry, release, stale in-flight claims). */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Item(Entry entry, Instant expiresAt, boolean released) {
    }

    private final Map<String, Item> items = new HashMap<>();

    @Override
    public synchronized boolean begin(String id, String fingerprint, Instant now, Instant staleBefore, Instant expiresAt) {
        Item item = items.get(id);
        boolean free = item == null || item.expiresAt().isBefore(now) || item.released()
                || (!item.entry().complete() && item.entry().startedAt().isBefore(staleBefore));
        if (free) {
            items.put(id, new Item(new Entry(fingerprint, false, 0, null, null, now), expiresAt, false));
        }
        return free;
    }

    @Override
    public synchronized Optional<Entry> find(String id) {
        Item item = items.get(id);
        return item == null || item.released() ? Optional.empty() : Optional.of(item.entry());
    }

    @Override
    public synchronized void complete(String id, int status, String body, String location) {
        Item item = items.get(id);
        items.put(id, new Item(new Entry(item.entry().fingerprint(), true, status, body, location, item.entry().startedAt()), item.expiresAt(), false));
    }

    @Override
    public synchronized void release(String id) {
        Item item = items.get(id);
        items.put(id, new Item(item.entry(), item.expiresAt(), true));
    }
}
