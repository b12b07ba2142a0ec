package dev.photoreel.render;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The ffmpeg executable the render engine and the probe run. There is no ffprobe: everything is read with
 * ffmpeg itself (see {@link MediaProbe}).
 *
 * @param executable path of the ffmpeg executable
 */
public record Ffmpeg(Path executable) {

    public Ffmpeg {
        Objects.requireNonNull(executable, "executable");
    }

    @Override
    public String toString() {
        return executable.toString();
    }
}
