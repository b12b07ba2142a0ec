package dev.photoreel.render;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the ffmpeg and ffprobe executables are.
 *
 * @param ffmpeg  the ffmpeg executable
 * @param ffprobe the ffprobe executable, or null when none was found
 */
public record FfmpegExecutables(Path ffmpeg, Path ffprobe) {

    public FfmpegExecutables {
        Objects.requireNonNull(ffmpeg, "ffmpeg");
    }

    /** The ffprobe executable, if one was found. */
    public Optional<Path> ffprobeIfPresent() {
        return Optional.ofNullable(ffprobe);
    }
}
