package dev.photoreel.nemo;

/** Told of each event and keep-alive of an instruction stream, so a long stream can log progress. */
@FunctionalInterface
public interface StreamListener {

    void onEvent(StreamEvent event);

    StreamListener NONE = event -> { };

    /** One event: its kind and a short description safe to log (never a token). */
    record StreamEvent(Kind kind, String description) {
        public enum Kind { TEXT, THOUGHT, TOOL_CALL, TOOL_RESULT, KEEP_ALIVE, ERROR, OTHER }
    }
}
