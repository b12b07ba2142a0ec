package dev.photoreel.local.emulator;

/** The three render-poll answers of the contract. */
public enum PollShape {
    /** {@code {"taskId", "status", "progress", "output": {"url", "duration", "size"}}}. */
    TASK,
    /** {@code {"success": true, "data": {"id", "status", "progress", "outputUrl", "createdAt", "completedAt"}}}. */
    SUCCESS,
    /** The same data inside {@code {"code": 0, "message": "success", "data": ...}}. */
    CODE
}
