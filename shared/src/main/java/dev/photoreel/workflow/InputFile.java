package dev.photoreel.workflow;

import dev.photoreel.media.MediaFormat;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * One validated input of a job, in the order it goes to the vendor.
 *
 * @param key         the S3 key (never modified, never deleted)
 * @param name        the name relative to the job's prefix, as {@code job.json}'s {@code order} uses it
 * @param kind        image or audio
 * @param format      the format found in the file's first bytes (jpeg, png, webp, gif, mp3, wav, m4a, aac)
 * @param sizeBytes   the object's size
 */
public record InputFile(String key, String name, Kind kind, String format, long sizeBytes) {

    public enum Kind { IMAGE, AUDIO }

    /** The MIME type of the detected format. */
    public String contentType() {
        return Arrays.stream(MediaFormat.values()).filter(f -> f.format().equals(format)).findFirst()
                .map(MediaFormat::mimeType).orElse("application/octet-stream");
    }

    /** The longest file name handed to the vendor (S3 allows keys of 1024 bytes). */
    static final int MAX_VENDOR_FILENAME = 120;

    /**
     * A file name safe to hand to the vendor (multipart uploads, the order in the instruction): the last
     * path segment, accents dropped ({@code été} becomes {@code ete}), every other character outside
     * {@code [A-Za-z0-9._-]} replaced by {@code _}, no leading dots, at most
     * {@value #MAX_VENDOR_FILENAME} characters with the extension kept.
     */
    public String vendorFilename() {
        String last = name.substring(name.lastIndexOf('/') + 1);
        String unaccented = Normalizer.normalize(last, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String safe = unaccented.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        if (safe.length() > MAX_VENDOR_FILENAME) {
            int dot = safe.lastIndexOf('.');
            String extension = dot > 0 && safe.length() - dot <= 10 ? safe.substring(dot) : "";
            safe = safe.substring(0, MAX_VENDOR_FILENAME - extension.length()) + extension;
        }
        return safe.isEmpty() || safe.matches("\\.*") ? "file" : safe;
    }
}
