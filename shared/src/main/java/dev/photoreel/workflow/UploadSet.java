package dev.photoreel.workflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The objects a job's upload set was closed with, fixed from a listing of its folder: one digest per object
 * of its key and ETag. A late S3 event for an object in the set (same key, same ETag) changes nothing; an
 * object that is new, or was overwritten after the close, is not in it.
 *
 * <p>Stored on the job item as one string (16 hex digits per object, space-separated), so a folder of a
 * thousand objects takes about 17 KB of the item's 400 KB.
 */
public final class UploadSet {

    /** At most this many objects in one upload set (keeps the job item far below DynamoDB's 400 KB). */
    public static final int MAX_OBJECTS = 5000;

    private static final UploadSet EMPTY = new UploadSet(Set.of());
    private static final int DIGEST_BYTES = 8;

    private final Set<String> digests;

    private UploadSet(Set<String> digests) {
        this.digests = digests;
    }

    public static UploadSet empty() {
        return EMPTY;
    }

    /** The set of the listed objects. */
    public static UploadSet of(Collection<MediaStore.StoredObject> objects) {
        return new UploadSet(objects.stream().map(o -> digest(o.key(), o.eTag()))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** Reads the stored form ({@link #encoded()}); null or blank is the empty set. */
    public static UploadSet decode(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            return EMPTY;
        }
        return new UploadSet(Arrays.stream(encoded.trim().split(" ")).collect(Collectors.toCollection(TreeSet::new)));
    }

    public String encoded() {
        return String.join(" ", digests);
    }

    public boolean contains(String key, String eTag) {
        return digests.contains(digest(key, eTag));
    }

    public boolean contains(MediaStore.StoredObject object) {
        return contains(object.key(), object.eTag());
    }

    public int size() {
        return digests.size();
    }

    /**
     * An ETag as S3 compares it: without the quotes that listings and HEAD responses put around it (S3 events
     * carry it bare), lower case.
     */
    public static String normalizeETag(String eTag) {
        return eTag == null ? "" : eTag.replace("\"", "").trim().toLowerCase(Locale.ROOT);
    }

    private static String digest(String key, String eTag) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(normalizeETag(eTag).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, DIGEST_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
