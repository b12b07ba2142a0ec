package dev.photoreel.render;

import java.nio.file.Path;

/** Renders a {@link VideoTimeline} into an H.264/AAC MP4. */
public interface RenderEngine {

    /**
     * Writes the video to {@code output}.
     *
     * @throws RenderException when the render fails; its message carries the tail of ffmpeg's stderr
     */
    void render(VideoTimeline timeline, Path output);

    /**
     * Writes a poster JPEG of {@code video}: its frame at {@code atSeconds}, at the video's size.
     *
     * @throws RenderException when it cannot; this engine makes no posters unless it overrides this
     */
    default void poster(Path video, double atSeconds, Path jpeg) {
        throw new RenderException(getClass().getSimpleName() + " makes no posters");
    }
}
