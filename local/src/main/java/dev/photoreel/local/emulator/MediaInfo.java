package dev.photoreel.local.emulator;

/** What the emulator records of an uploaded file; numbers are null when they do not apply or are unknown. */
public record MediaInfo(Integer width, Integer height, Double durationSeconds, Double fps) {

    public static final MediaInfo NONE = new MediaInfo(null, null, null, null);
}
