package dev.photoreel.local.emulator;

/** Which event form {@code /run_sse} speaks. */
public enum SseDialect {
    /** The agent framework's events: {@code {"content": {"parts": [...]}, "author": ...}}. */
    AGENT,
    /** Typed events: {@code {"type": "text", "content": ...}}, {@code tool_call}, {@code tool_result}, {@code heartbeat}. */
    TYPED
}
