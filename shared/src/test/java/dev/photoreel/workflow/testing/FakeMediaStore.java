package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link MediaStore} in memory that records every ranged read and write. */
public final class FakeMediaStore implements MediaStore {

    private record Blob(byte[] bytes, Instant lastModified, Map<String, String> metadata) {
    }

    private final TreeMap<String, Blob> objects = new TreeMap<>();
    public final List<String> rangeReads = new ArrayList<>();
    public final List<String> writes = new ArrayList<>();
    public final List<String> opened = new ArrayList<>();

    public synchronized FakeMediaStore put(String key, byte[] bytes) {
        return put(key, bytes, Map.of());
    }

    public synchronized FakeMediaStore put(String key, byte[] bytes, Map<String, String> metadata) {
        objects.put(key, new Blob(bytes, Instant.parse("2026-01-01T00:00:00Z"), Map.copyOf(metadata)));
        return this;
    }

    /** Puts an object last modified at {@code lastModified}. */
    public synchronized FakeMediaStore putAt(String key, byte[] bytes, Instant lastModified) {
        objects.put(key, new Blob(bytes, lastModified, Map.of()));
        return this;
    }

    public synchronized FakeMediaStore put(String key, String text) {
        return put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized byte[] bytes(String key) {
        return objects.get(key).bytes();
    }

    public synchronized boolean contains(String key) {
        return objects.containsKey(key);
    }

    @Override
    public synchronized List<StoredObject> list(String prefix) {
        return objects.subMap(prefix, true, prefix + Character.MAX_VALUE, true).entrySet().stream()
                .map(e -> new StoredObject(e.getKey(), e.getValue().bytes().length, e.getValue().lastModified(), "etag",
                        e.getValue().metadata()))
                .toList();
    }

    @Override
    public synchronized byte[] readRange(String key, long offset, int length) {
        rangeReads.add(key);
        byte[] all = objects.get(key).bytes();
        int from = (int) Math.min(offset, all.length);
        return Arrays.copyOfRange(all, from, (int) Math.min(all.length, from + (long) length));
    }

    @Override
    public synchronized byte[] readSmall(String key, int maxBytes) throws IOException {
        byte[] all = objects.get(key).bytes();
        if (all.length > maxBytes) {
            throw new IOException(key + " too large");
        }
        return all;
    }

    @Override
    public synchronized InputStream open(String key) {
        opened.add(key);
        return new ByteArrayInputStream(objects.get(key).bytes());
    }

    @Override
    public synchronized Optional<StoredObject> head(String key) {
        Blob blob = objects.get(key);
        return blob == null ? Optional.empty()
                : Optional.of(new StoredObject(key, blob.bytes().length, blob.lastModified(), "etag", blob.metadata()));
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        return URI.create("https://bucket.example/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")
                + "?X-Amz-Expires=" + expiry.toSeconds());
    }

    @Override
    public synchronized long write(String key, InputStream body, String contentType, Map<String, String> metadata) throws IOException {
        byte[] bytes = body.readAllBytes();
        writes.add(key);
        put(key, bytes, metadata);
        return bytes.length;
    }
}
