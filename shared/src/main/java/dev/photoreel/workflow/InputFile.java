package dev.photoreel.workflow;

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
        return switch (format) {
            case "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            case "gif" -> "image/gif";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            case "m4a" -> "audio/mp4";
            case "aac" -> "audio/aac";
            default -> "application/octet-stream";
        };
    }

    /** A file name safe to hand to the vendor: the last path segment, odd characters replaced. */
    public String vendorFilename() {
        String last = name.substring(name.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "");
        return safe.isEmpty() ? "file" : safe;
    }
}
