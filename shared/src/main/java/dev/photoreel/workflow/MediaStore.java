package dev.photoreel.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The media bucket: reads under the uploads prefix, writes under the videos prefix, never deletes. */
public interface MediaStore {

    /** Every object under {@code prefix} (all pages), in key order. */
    List<StoredObject> list(String prefix);

    /**
     * The folders directly under {@code prefix} ({@code prefix + name + "/"}), in key order. The default lists
     * every object; {@link dev.photoreel.workflow.aws.S3MediaStore} asks S3 with a delimiter instead.
     */
    default List<String> folders(String prefix) {
        java.util.TreeSet<String> folders = new java.util.TreeSet<>();
        for (StoredObject object : list(prefix)) {
            String rest = object.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash > 0) {
                folders.add(prefix + rest.substring(0, slash + 1));
            }
        }
        return List.copyOf(folders);
    }

    /** Up to {@code length} bytes from {@code offset} (a ranged GET); fewer at the end of the object. */
    byte[] readRange(String key, long offset, int length);

    /** The whole object, refusing one larger than {@code maxBytes}. */
    byte[] readSmall(String key, int maxBytes) throws IOException;

    /** Opens the object's bytes as a stream. */
    InputStream open(String key);

    /** The object's size and metadata, if it exists. */
    Optional<StoredObject> head(String key);

    /** A presigned GET URL. */
    URI presignGet(String key, Duration expiry);

    /**
     * Streams {@code body} into {@code key} (a multipart upload for large bodies: one part in memory
     * at a time) with the given user metadata; returns the bytes written.
     */
    long write(String key, InputStream body, String contentType, Map<String, String> metadata) throws IOException;

    record StoredObject(String key, long size, Instant lastModified, String eTag, Map<String, String> metadata) {
    }
}
