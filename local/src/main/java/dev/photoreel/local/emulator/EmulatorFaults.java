package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The knobs tests turn at run time: behaviour (dialect, silence, poll shape, render failure, error
 * styles) and one-shot faults (HTTP errors on the next calls of an endpoint, a cut or stalled stream,
 * latency). Thread-safe. Also settable over HTTP: {@code POST /_emulator/faults} with the JSON read by
 * {@link #apply(JsonNode)}.
 */
public final class EmulatorFaults {

    private final EmulatorOptions defaults;
    private final Map<Endpoint, Deque<Integer>> failures = new EnumMap<>(Endpoint.class);
    private Duration latency = Duration.ZERO;
    private int cutStreams;
    private int stallStreams;
    private Duration stallFor = Duration.ZERO;
    private boolean stallSilently;
    private int streamErrors;
    private int dropSessions;
    private long failuresServed;
    private SseDialect dialect;
    private boolean silent;
    private boolean temporaryIssueText;
    private boolean exportsBlocked;
    private PollShape pollShape;
    private RenderFailure renderFailure = RenderFailure.NONE;
    private Duration cannedRender;
    private AuthErrorStyle authErrorStyle = AuthErrorStyle.CODE_1001;
    private SessionErrorStyle sessionErrorStyle = SessionErrorStyle.CODE_1002;

    EmulatorFaults(EmulatorOptions defaults) {
        this.defaults = defaults;
        reset();
    }

    /** Back to the options the emulator started with; no pending faults. */
    public synchronized void reset() {
        failures.clear();
        latency = Duration.ZERO;
        cutStreams = 0;
        stallStreams = 0;
        stallFor = Duration.ZERO;
        stallSilently = false;
        streamErrors = 0;
        dropSessions = 0;
        dialect = defaults.dialect();
        silent = defaults.silent();
        temporaryIssueText = false;
        exportsBlocked = false;
        pollShape = defaults.pollShape();
        renderFailure = RenderFailure.NONE;
        cannedRender = defaults.cannedRender();
        authErrorStyle = AuthErrorStyle.CODE_1001;
        sessionErrorStyle = SessionErrorStyle.CODE_1002;
    }

    /** Every request waits this long before it is handled. */
    public synchronized void latency(Duration value) {
        latency = value;
    }

    /** The next {@code count} calls of {@code endpoint} answer HTTP {@code status} (e.g. 503 or 429). */
    public synchronized void failNext(Endpoint endpoint, int status, int count) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure status must be 4xx or 5xx, got " + status);
        }
        Deque<Integer> queue = failures.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(status);
        }
    }

    /** The next {@code count} instruction streams are cut mid-event (the connection closes without ending the body). */
    public synchronized void cutNextStreams(int count) {
        cutStreams = count;
    }

    /**
     * The next {@code count} instruction streams stall for {@code duration} after the edit is applied
     * and before the closing text (keep-alives continue unless {@code silently}).
     */
    public synchronized void stallNextStreams(int count, Duration duration, boolean silently) {
        stallStreams = count;
        stallFor = duration;
        stallSilently = silently;
    }

    /** The next {@code count} instruction streams report an error inside the stream and apply no edit. */
    public synchronized void errorInNextStreams(int count) {
        streamErrors = count;
    }

    /**
     * The next {@code count} sessions that finish an instruction stream are forgotten right after the
     * edit is applied (before the stream ends), so the next call naming them (session state, export)
     * answers "session not found" (1002, or HTTP 404 per {@link SessionErrorStyle}). A session created
     * afterwards is dropped too while the count lasts: 1 drops one session once; a large count keeps
     * dropping every new one.
     */
    public synchronized void dropSessionsAfterInstruction(int count) {
        dropSessions = count;
    }

    synchronized boolean takeSessionDrop() {
        if (dropSessions > 0) {
            dropSessions--;
            return true;
        }
        return false;
    }

    public synchronized void dialect(SseDialect value) {
        dialect = value;
    }

    public synchronized void silent(boolean value) {
        silent = value;
    }

    /** Streams end with the vendor's trailing "I encountered a temporary issue" text. */
    public synchronized void temporaryIssueText(boolean value) {
        temporaryIssueText = value;
    }

    /** Exports answer HTTP 402 even with the attribution headers (a plan tier that does not allow export). */
    public synchronized void blockExports(boolean value) {
        exportsBlocked = value;
    }

    synchronized boolean exportsBlocked() {
        return exportsBlocked;
    }

    public synchronized void pollShape(PollShape value) {
        pollShape = value;
    }

    /** Applies to renders submitted afterwards. */
    public synchronized void renderFailure(RenderFailure value) {
        renderFailure = value;
    }

    /**
     * Renders submitted afterwards are canned: they take {@code duration}, progress rising linearly, and answer with
     * one prepared small MP4 (rendered once, reused). Null: real renders.
     */
    public synchronized void cannedRender(Duration duration) {
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("cannedRender must not be negative, got " + duration);
        }
        cannedRender = duration;
    }

    public synchronized Duration cannedRender() {
        return cannedRender;
    }

    public synchronized void authErrorStyle(AuthErrorStyle value) {
        authErrorStyle = value;
    }

    public synchronized void sessionErrorStyle(SessionErrorStyle value) {
        sessionErrorStyle = value;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized Integer takeFailure(Endpoint endpoint) {
        Deque<Integer> queue = failures.get(endpoint);
        Integer status = queue == null ? null : queue.poll();
        if (status != null) {
            failuresServed++;
        }
        return status;
    }

    /** How many armed HTTP failures ({@link #failNext}) were answered since the emulator started (not reset by {@link #reset()}). */
    public synchronized long failuresServed() {
        return failuresServed;
    }

    synchronized boolean takeCut() {
        if (cutStreams > 0) {
            cutStreams--;
            return true;
        }
        return false;
    }

    /** The stall of this stream, or null. */
    synchronized Stall takeStall() {
        if (stallStreams > 0) {
            stallStreams--;
            return new Stall(stallFor, stallSilently);
        }
        return null;
    }

    synchronized boolean takeStreamError() {
        if (streamErrors > 0) {
            streamErrors--;
            return true;
        }
        return false;
    }

    record Stall(Duration duration, boolean silently) {
    }

    synchronized SseDialect dialect() {
        return dialect;
    }

    synchronized boolean silent() {
        return silent;
    }

    synchronized boolean temporaryIssueText() {
        return temporaryIssueText;
    }

    synchronized PollShape pollShape() {
        return pollShape;
    }

    synchronized RenderFailure renderFailure() {
        return renderFailure;
    }

    synchronized AuthErrorStyle authErrorStyle() {
        return authErrorStyle;
    }

    synchronized SessionErrorStyle sessionErrorStyle() {
        return sessionErrorStyle;
    }

    /**
     * Applies the knobs present in {@code json} (absent keys are left alone):
     * <pre>{@code
     * {"reset": true, "latencyMs": 200,
     *  "failNext": [{"endpoint": "upload", "status": 503, "count": 2}],
     *  "cutNextStreams": 1, "stallNextStreams": {"count": 1, "seconds": 30, "silently": false},
     *  "errorInNextStreams": 1, "dropSessionsAfterInstruction": 1, "dialect": "agent|typed", "silent": true, "temporaryIssueText": true, "blockExports": true,
     *  "pollShape": "task|success|code", "renderFailure": "none|fail|never_finish|slow",
     *  "cannedRenderSeconds": 60 (null: real renders),
     *  "authErrorStyle": "code_1001|code_1010|code_1011|http_401", "sessionErrorStyle": "code_1002|http_404"}
     * }</pre>
     */
    public synchronized void apply(JsonNode json) {
        if (json.path("reset").asBoolean(false)) {
            reset();
        }
        if (json.has("latencyMs")) {
            latency(Duration.ofMillis(json.get("latencyMs").asLong()));
        }
        for (JsonNode f : json.path("failNext")) {
            failNext(Endpoint.parse(required(f, "endpoint").asText()), f.path("status").asInt(503), f.path("count").asInt(1));
        }
        if (json.has("cutNextStreams")) {
            cutNextStreams(json.get("cutNextStreams").asInt());
        }
        if (json.has("stallNextStreams")) {
            JsonNode s = json.get("stallNextStreams");
            stallNextStreams(s.path("count").asInt(1), Duration.ofMillis((long) (s.path("seconds").asDouble(30) * 1000)),
                    s.path("silently").asBoolean(false));
        }
        if (json.has("errorInNextStreams")) {
            errorInNextStreams(json.get("errorInNextStreams").asInt());
        }
        if (json.has("dropSessionsAfterInstruction")) {
            dropSessionsAfterInstruction(json.get("dropSessionsAfterInstruction").asInt());
        }
        if (json.has("dialect")) {
            dialect(parse(SseDialect.class, json.get("dialect").asText()));
        }
        if (json.has("silent")) {
            silent(json.get("silent").asBoolean());
        }
        if (json.has("temporaryIssueText")) {
            temporaryIssueText(json.get("temporaryIssueText").asBoolean());
        }
        if (json.has("blockExports")) {
            blockExports(json.get("blockExports").asBoolean());
        }
        if (json.has("pollShape")) {
            pollShape(parse(PollShape.class, json.get("pollShape").asText()));
        }
        if (json.has("renderFailure")) {
            renderFailure(parse(RenderFailure.class, json.get("renderFailure").asText()));
        }
        if (json.has("cannedRenderSeconds")) {
            JsonNode seconds = json.get("cannedRenderSeconds");
            cannedRender(seconds.isNull() ? null : Duration.ofMillis((long) (seconds.asDouble() * 1000)));
        }
        if (json.has("authErrorStyle")) {
            authErrorStyle(parse(AuthErrorStyle.class, json.get("authErrorStyle").asText()));
        }
        if (json.has("sessionErrorStyle")) {
            sessionErrorStyle(parse(SessionErrorStyle.class, json.get("sessionErrorStyle").asText()));
        }
    }

    /** The current knobs, in the form {@link #apply} reads. */
    public synchronized ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("latencyMs", latency.toMillis());
        ArrayNode pending = json.putArray("failNext");
        failures.forEach((endpoint, queue) -> {
            if (!queue.isEmpty()) {
                pending.addObject().put("endpoint", endpoint.jsonName()).put("status", queue.peek()).put("count", queue.size());
            }
        });
        json.put("cutNextStreams", cutStreams);
        json.putObject("stallNextStreams").put("count", stallStreams)
                .put("seconds", stallFor.toMillis() / 1000.0).put("silently", stallSilently);
        json.put("errorInNextStreams", streamErrors);
        json.put("dropSessionsAfterInstruction", dropSessions);
        json.put("dialect", lower(dialect));
        json.put("silent", silent);
        json.put("temporaryIssueText", temporaryIssueText);
        json.put("blockExports", exportsBlocked);
        json.put("pollShape", lower(pollShape));
        json.put("renderFailure", lower(renderFailure));
        if (cannedRender == null) {
            json.putNull("cannedRenderSeconds");
        } else {
            json.put("cannedRenderSeconds", cannedRender.toMillis() / 1000.0);
        }
        json.put("authErrorStyle", lower(authErrorStyle));
        json.put("sessionErrorStyle", lower(sessionErrorStyle));
        return json;
    }

    private static JsonNode required(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new IllegalArgumentException("'" + field + "' is required in " + node);
        }
        return node.get(field);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'; use one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(EmulatorFaults::lower).toList(), e);
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
