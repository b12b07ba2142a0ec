package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.InstructionResult.StreamEnd;
import dev.photoreel.nemo.InstructionResult.ToolCall;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.StreamListener.StreamEvent;
import dev.photoreel.nemo.StreamListener.StreamEvent.Kind;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sense of the events of one instruction stream, in every form of the contract:
 * <ul>
 *   <li>the agent framework's events: {@code content.parts[]} with {@code text}, {@code functionCall},
 *       {@code functionResponse} or {@code thought: true} parts (thoughts are skipped);
 *       {@code partial: true} chunks are superseded by the complete event that follows them;</li>
 *   <li>typed events: {@code text} (deltas, concatenated as they come), {@code tool_call},
 *       {@code tool_result}, {@code heartbeat};</li>
 *   <li>keep-alives: comments, empty {@code data:}, JSON with no content;</li>
 *   <li>errors: {@code {"error": ...}}, {@code errorCode}/{@code errorMessage}, or a typed {@code error} event.</li>
 * </ul>
 * Not thread-safe: one per stream.
 */
public final class StreamEventInterpreter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventInterpreter.class);

    private static final Pattern TRANSIENT_ERROR = Pattern.compile(
            "unavailable|resource_exhausted|internal|deadline|timeout|timed out|temporar|overload|try again"
                    + "|rate limit|\\b(429|500|502|503|504)\\b");

    private final StreamListener listener;
    private final ErrorContext context;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder partialText = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private NemoException error;
    private int events;
    private int keepAlives;

    public StreamEventInterpreter(StreamListener listener, ErrorContext context) {
        this.listener = listener == null ? StreamListener.NONE : listener;
        this.context = context;
    }

    /** A comment line ({@code : ...}): a keep-alive. */
    public void comment() {
        keepAlive("comment");
    }

    /**
     * One dispatched event.
     *
     * @param eventName the SSE {@code event:} field, or null
     * @param data      the joined {@code data:} lines
     */
    public void event(String eventName, String data) {
        if (data.isBlank()) {
            keepAlive(eventName == null ? "empty data" : eventName);
            return;
        }
        JsonNode json = Json.tryParse(data);
        if (json == null && data.indexOf('\n') >= 0) {
            // Servers that omit the blank line between events: try each line on its own.
            for (String line : data.split("\n")) {
                event(eventName, line);
            }
            return;
        }
        if (json == null || !json.isObject()) {
            notify(Kind.OTHER, "non-JSON data (" + data.length() + " chars)");
            return;
        }
        events++;
        boolean handled = readError(json);
        String type = Json.text(json, "type");
        if (type == null) {
            type = eventName;
        }
        JsonNode content = json.get("content");
        if (content != null && content.isObject()) {
            handled |= readFrameworkContent(content, Boolean.TRUE.equals(Json.bool(json, "partial")));
        } else if (type != null && !(handled && "error".equalsIgnoreCase(type))) {
            handled |= readTyped(type.toLowerCase(Locale.ROOT), json);
        }
        if (!handled) {
            keepAlive(type == null ? "event without content" : type);
        }
    }

    /** The stream ended; {@code transportError} is a failure of the connection after it opened, or null. */
    public InstructionResult result(StreamEnd end, NemoException transportError) {
        flushPartial();
        NemoException reported = error != null ? error : transportError;
        return new InstructionResult(text.toString().strip(), List.copyOf(toolCalls), end, reported);
    }

    /** Whether any text or tool activity was seen (not counting keep-alives). */
    public boolean sawActivity() {
        return text.length() > 0 || partialText.length() > 0 || !toolCalls.isEmpty();
    }

    public int events() {
        return events;
    }

    public int keepAlives() {
        return keepAlives;
    }

    private boolean readFrameworkContent(JsonNode content, boolean partial) {
        JsonNode parts = content.get("parts");
        if (parts == null || !parts.isArray()) {
            return false;
        }
        boolean handled = false;
        StringBuilder eventText = new StringBuilder();
        for (JsonNode part : parts) {
            String partText = part.hasNonNull("text") ? part.get("text").asText() : null;
            if (Boolean.TRUE.equals(Json.bool(part, "thought"))) {
                notify(Kind.THOUGHT, "thought (" + (partText == null ? 0 : partText.length()) + " chars)");
                handled = true;
            } else if (partText != null) {
                eventText.append(partText);
                handled = true;
            }
            JsonNode call = Json.first(part, "functionCall", "function_call");
            if (call != null) {
                JsonNode args = call.get("args");
                String name = Json.text(call, "name");
                toolCalls.add(new ToolCall(Json.text(call, "id"), name, args == null ? null : args.toString()));
                notify(Kind.TOOL_CALL, "tool call " + name);
                handled = true;
            }
            JsonNode response = Json.first(part, "functionResponse", "function_response");
            if (response != null) {
                notify(Kind.TOOL_RESULT, "tool result " + Json.text(response, "name"));
                handled = true;
            }
        }
        if (eventText.length() > 0) {
            if (partial) {
                partialText.append(eventText);
            } else {
                partialText.setLength(0); // the complete event repeats what its partial chunks said
                appendSeparated(eventText);
            }
            notify(Kind.TEXT, describeText(eventText));
        }
        return handled;
    }

    private boolean readTyped(String type, JsonNode json) {
        switch (type) {
            case "text", "message", "text_delta", "delta" -> {
                String delta = Json.text(json, "content", "text", "delta");
                if (delta == null && json.hasNonNull("content")) {
                    delta = json.get("content").asText();
                }
                if (delta == null) {
                    return false;
                }
                flushPartial();
                text.append(delta);
                notify(Kind.TEXT, describeText(delta));
                return true;
            }
            case "tool_call", "function_call", "toolcall" -> {
                JsonNode args = Json.first(json, "args", "arguments", "input");
                String name = Json.text(json, "name", "tool");
                toolCalls.add(new ToolCall(Json.text(json, "id"), name,
                        args == null ? null : args.isTextual() ? args.asText() : args.toString()));
                notify(Kind.TOOL_CALL, "tool call " + name);
                return true;
            }
            case "tool_result", "function_response", "tool_response" -> {
                notify(Kind.TOOL_RESULT, "tool result " + Json.text(json, "name", "tool"));
                return true;
            }
            case "thought", "thinking", "reasoning" -> {
                notify(Kind.THOUGHT, "thought");
                return true;
            }
            case "heartbeat", "ping", "keepalive", "keep-alive", "keep_alive" -> {
                keepAlive(type);
                return true;
            }
            case "error" -> {
                String message = Json.text(json, "content", "message", "text");
                recordError(Json.text(json, "code", "errorCode"), message == null ? Json.errorText(json) : message);
                return true;
            }
            default -> {
                notify(Kind.OTHER, "event " + Redaction.shorten(type, 40));
                return true;
            }
        }
    }

    /** {@code {"error": ...}} or {@code errorCode}/{@code errorMessage}; true when the event was one. */
    private boolean readError(JsonNode json) {
        JsonNode errorNode = json.get("error");
        String code = Json.text(json, "errorCode", "error_code");
        String message = Json.text(json, "errorMessage", "error_message");
        boolean errorField = errorNode != null && !errorNode.isNull()
                && !(errorNode.isBoolean() && !errorNode.booleanValue())
                && !(errorNode.isTextual() && errorNode.asText().isBlank());
        if (!errorField && code == null && message == null) {
            return false;
        }
        if (errorField) {
            if (errorNode.isObject()) {
                code = code != null ? code : Json.text(errorNode, "code", "errorCode");
                message = message != null ? message : Json.errorText(errorNode);
            } else if (message == null) {
                message = errorNode.asText();
            }
        }
        recordError(code, message);
        return true;
    }

    private void recordError(String code, String message) {
        NemoException mapped = streamError(code, message);
        notify(Kind.ERROR, "error " + (code == null ? "" : code + " ") + Redaction.shorten(context.redact(
                message == null ? "" : message), 200));
        if (error == null) {
            error = mapped;
        }
    }

    private NemoException streamError(String code, String message) {
        Integer numeric = null;
        if (code != null && code.trim().matches("-?\\d{1,9}")) {
            numeric = Integer.parseInt(code.trim());
        }
        if (numeric != null && numeric != 0) {
            NemoException known = VendorErrors.classify(200,
                    new Envelope(com.fasterxml.jackson.databind.node.MissingNode.getInstance(), numeric, false,
                            message, true), null, context);
            if (!(known instanceof VendorRejectedException)) {
                return known;
            }
        }
        String detail = (code == null ? "" : code + ": ") + (message == null ? "no message" : message);
        detail = Redaction.shorten(context.redact(detail), 300);
        if (TRANSIENT_ERROR.matcher(detail.toLowerCase(Locale.ROOT)).find()) {
            return new VendorUnavailableException("NemoVideo reported an error inside the instruction stream ("
                    + detail + "). This is usually temporary: check the session state, and send the instruction"
                    + " again if the draft did not change.", numeric, 200, null);
        }
        return new VendorRejectedException("NemoVideo reported an error inside the instruction stream (" + detail
                + "). Check the instruction and the uploaded media; sending the same instruction again will"
                + " likely fail the same way.", numeric, 200, null);
    }

    private void appendSeparated(CharSequence addition) {
        if (text.length() > 0 && !Character.isWhitespace(text.charAt(text.length() - 1))) {
            text.append('\n');
        }
        text.append(addition);
    }

    private void flushPartial() {
        if (partialText.length() > 0) {
            appendSeparated(partialText);
            partialText.setLength(0);
        }
    }

    private void keepAlive(String what) {
        keepAlives++;
        notify(Kind.KEEP_ALIVE, "keep-alive (" + Redaction.shorten(what, 40) + ")");
    }

    private String describeText(CharSequence said) {
        return "text: " + Redaction.shorten(context.redact(said.toString().strip()), 120);
    }

    private void notify(Kind kind, String description) {
        try {
            listener.onEvent(new StreamEvent(kind, description));
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("kind", kind).setCause(e)
                    .log("The instruction stream listener failed; reading goes on");
        }
    }
}
