package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.media.MediaFormat;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One {@code /run_sse} answer: the editor "thinks", calls its tools, applies the edit to the session's
 * draft and says what it did, in the chosen dialect, paced over time with keep-alives.
 */
final class InstructionStream {

    /** How this stream behaves. */
    record Script(SseDialect dialect, boolean silent, boolean cut, EmulatorFaults.Stall stall, boolean streamError,
                  boolean temporaryIssue, Duration eventDelay) {
    }

    /** Thrown after a deliberate cut: the HTTP layer drops the connection without ending the body. */
    static final class StreamCut extends RuntimeException {
        StreamCut() {
            super("stream cut mid-event (emulator fault)", null, false, false);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration CUT_GRACE = Duration.ofMillis(500);

    private final SseWriter out;
    private final Script script;
    private final String invocationId = "e-" + UUID.randomUUID();

    InstructionStream(SseWriter out, Script script) {
        this.out = out;
        this.script = script;
    }

    /**
     * Streams the whole answer; {@code edit} applies the draft and returns what was done.
     *
     * @return whether the edit was applied
     */
    boolean run(Session session, InstructionPlan plan, java.util.function.Supplier<ObjectNode> edit)
            throws InterruptedException {
        List<StoredFile> files = session.files();
        long images = files.stream().filter(f -> f.format().kind() == MediaFormat.Kind.IMAGE).count();
        long audio = files.stream().filter(f -> f.format().kind() == MediaFormat.Kind.AUDIO).count();
        long videos = files.size() - images - audio;

        out.comment("connected");
        step();
        thought("The user wants a video from " + files.size() + " uploaded file(s). Let me look at the media first.");
        step();
        text("Let me take a look at your media.");
        step();
        ObjectNode analyzeArgs = NODES.objectNode().put("session_id", session.sessionId).put("file_count", files.size());
        String analyzeId = callId();
        toolCall(analyzeId, "analyze_media", analyzeArgs);
        step();
        toolResult(analyzeId, "analyze_media", NODES.objectNode().put("images", images).put("audio", audio).put("videos", videos));
        step();
        out.emptyData();
        if (script.streamError()) {
            step();
            error("TOOL_ERROR", "The editing tool failed: timeline service unavailable. Please try again.");
            return false;
        }
        step();
        ObjectNode editArgs = NODES.objectNode();
        editArgs.put("seconds_per_image", DraftBuilder.secondsPerImage(plan, (int) images));
        editArgs.put("aspect_ratio", DraftBuilder.canvasOf(plan).ratio);
        editArgs.put("transition", plan.transition() == null ? "fade" : plan.transition());
        if (plan.title() != null) {
            editArgs.put("title", plan.title());
        }
        editArgs.put("music", audio > 0);
        String editId = callId();
        toolCall(editId, "edit_timeline", editArgs);
        ObjectNode draft = edit.get();
        step();
        toolResult(editId, "edit_timeline", NODES.objectNode().put("status", "ok")
                .put("tracks", draft.path("t").size()).put("duration_ms", draft.path("d").asLong()));
        if (script.stall() != null) {
            out.pause(script.stall().duration(), !script.stall().silently());
        }
        step();
        keepAliveEvent();
        step();
        String closing = images == 0
                ? "I couldn't find any images in this session, so the timeline is still empty. Upload some photos and ask me again."
                : describe(draft, images, audio > 0, plan) + " Preview it in the timeline, then click Export to download your video.";
        if (script.cut()) {
            // Let the client read what came before: java.net.http drops bytes it has buffered but not yet
            // handed out once the connection fails, and a real reset rarely follows the last event at once.
            out.pause(CUT_GRACE, false);
            out.halfEvent(script.silent() ? base() : textEvent(closing));
            throw new StreamCut();
        }
        text(closing);
        if (script.temporaryIssue()) {
            step();
            text("I encountered a temporary issue while finishing up. Your timeline has been saved.");
        }
        if (script.dialect() == SseDialect.AGENT) {
            ObjectNode done = base();
            done.put("turnComplete", true);
            out.event(done);
        }
        return true;
    }

    private static String describe(ObjectNode draft, long images, boolean music, InstructionPlan plan) {
        JsonNode video = draft.path("t").path(0);
        long perImage = video.path("sg").path(0).path("d").asLong();
        StringBuilder s = new StringBuilder("Done! I put your ").append(images).append(images == 1 ? " photo" : " photos")
                .append(" on the timeline, ").append(trim(perImage / 1000.0)).append(" seconds each");
        s.append("none".equals(plan.transition()) ? " with hard cuts" : " with crossfades");
        s.append(", in ").append(draft.path("m").path("ratio").asText()).append(" (")
                .append(draft.path("m").path("width").asInt()).append('x').append(draft.path("m").path("height").asInt()).append(')');
        if (music) {
            s.append(", with your music as background");
        }
        if (plan.title() != null) {
            s.append(" and the title \"").append(plan.title()).append('"');
        }
        s.append(". Total length ").append(trim(draft.path("d").asLong() / 1000.0)).append(" s.");
        return s.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private void step() throws InterruptedException {
        out.pause(script.eventDelay(), true);
    }

    private static String callId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private ObjectNode base() {
        ObjectNode e = NODES.objectNode();
        e.put("id", UUID.randomUUID().toString()).put("invocationId", invocationId).put("author", "nemo_agent")
                .put("timestamp", System.currentTimeMillis() / 1000.0);
        return e;
    }

    private ObjectNode agentEvent(String role, ObjectNode part) {
        ObjectNode e = base();
        ObjectNode content = e.putObject("content");
        content.put("role", role);
        content.putArray("parts").add(part);
        e.put("partial", false);
        return e;
    }

    private ObjectNode textEvent(String text) {
        return script.dialect() == SseDialect.AGENT
                ? agentEvent("model", NODES.objectNode().put("text", text))
                : NODES.objectNode().put("type", "text").put("content", text);
    }

    private void text(String text) {
        if (!script.silent()) {
            out.event(textEvent(text));
        }
    }

    private void thought(String text) {
        if (script.dialect() == SseDialect.AGENT && !script.silent()) {
            out.event(agentEvent("model", NODES.objectNode().put("thought", true).put("text", text)));
        }
    }

    private void toolCall(String id, String name, ObjectNode args) {
        if (script.dialect() == SseDialect.AGENT) {
            ObjectNode call = NODES.objectNode();
            call.putObject("functionCall").put("id", id).put("name", name).set("args", args);
            out.event(agentEvent("model", call));
        } else {
            ObjectNode e = NODES.objectNode().put("type", "tool_call").put("name", name);
            e.set("args", args);
            out.event(e);
        }
    }

    private void toolResult(String id, String name, ObjectNode result) {
        if (script.dialect() == SseDialect.AGENT) {
            ObjectNode response = NODES.objectNode();
            response.putObject("functionResponse").put("id", id).put("name", name).set("response", result);
            out.event(agentEvent("user", response));
        } else {
            ObjectNode e = NODES.objectNode().put("type", "tool_result").put("name", name);
            e.set("result", result);
            out.event(e);
        }
    }

    private void keepAliveEvent() {
        out.event(script.dialect() == SseDialect.AGENT ? base() : NODES.objectNode().put("type", "heartbeat"));
    }

    private void error(String code, String message) {
        if (script.dialect() == SseDialect.AGENT) {
            ObjectNode e = base();
            e.put("errorCode", code).put("errorMessage", message);
            out.event(e);
        } else {
            out.event(NODES.objectNode().put("error", message));
        }
    }
}
