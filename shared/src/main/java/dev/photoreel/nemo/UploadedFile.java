package dev.photoreel.nemo;

/** What the vendor recorded of one uploaded file. Numbers are null when the vendor did not say. */
public record UploadedFile(String filename, String fileType, String cdnUrl, Double duration,
                           Integer width, Integer height, Double fps, String hash) {
}
