package dev.photoreel.render;

/** A render that failed; never a silent bad file. The message carries the tail of ffmpeg's stderr. */
public class RenderException extends RuntimeException {
    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
