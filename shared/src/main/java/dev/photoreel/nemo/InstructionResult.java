package dev.photoreel.nemo;

import dev.photoreel.nemo.exceptions.NemoException;
import java.util.List;

/**
 * What one {@code /run_sse} stream said.
 *
 * @param text       the model's text, thought parts skipped (empty in the ~30% of edits that say nothing)
 * @param toolCalls  the tool calls seen, in order
 * @param end        whether the server closed the stream or we stopped at the caller's deadline
 * @param error      an error reported inside the stream, or null
 */
public record InstructionResult(String text, List<ToolCall> toolCalls, StreamEnd end, NemoException error) {

    public enum StreamEnd { CLOSED_BY_SERVER, CUT_AT_DEADLINE }

    /** A tool call ({@code functionCall} or typed {@code tool_call}); args as JSON text. */
    public record ToolCall(String id, String name, String argsJson) {
    }
}
