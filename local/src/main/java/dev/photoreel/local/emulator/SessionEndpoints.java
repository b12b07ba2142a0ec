package dev.photoreel.local.emulator;

import static dev.photoreel.local.emulator.Exchanges.JSON;
import static dev.photoreel.local.emulator.Exchanges.drain;
import static dev.photoreel.local.emulator.Exchanges.ok;
import static dev.photoreel.local.emulator.Exchanges.readJson;
import static dev.photoreel.local.emulator.Exchanges.readJsonOrEmpty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.photoreel.local.emulator.Exchanges.BadRequest;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of a user and a session: the anonymous token, a new session, the credit balance, the session's
 * state, and {@code /run_sse}, the instruction stream that builds the session's draft.
 */
final class SessionEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEndpoints.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EmulatorOptions options;
    private final EmulatorFaults faults;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AtomicInteger instructions;

    /** {@code instructions} counts the instructions started (the emulator's stats). */
    SessionEndpoints(EmulatorOptions options, EmulatorFaults faults, Accounts accounts, Sessions sessions,
            AtomicInteger instructions) {
        this.options = options;
        this.faults = faults;
        this.accounts = accounts;
        this.sessions = sessions;
        this.instructions = instructions;
    }

    int token(HttpExchange ex) throws IOException {
        drain(ex);
        Accounts.Minted minted = accounts.mint(ex.getRequestHeaders().getFirst("X-Client-Id"));
        ObjectNode data = JSON.createObjectNode();
        data.put("token", minted.token()).put("user_id", minted.userId())
                .put("expires_at", minted.expiresAt().toString()).put("credits", minted.credits());
        return ok(ex, data);
    }

    int createSession(HttpExchange ex) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        JsonNode body = readJsonOrEmpty(ex);
        String sessionId = (1 + RANDOM.nextInt(9)) + String.format("%018d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000_000L));
        String taskId = "task_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Session session = new Session(sessionId, taskId, body.path("task_name").asText("project"),
                body.path("language").asText("en"), user.userId);
        sessions.add(session);
        ObjectNode data = JSON.createObjectNode();
        data.put("task_id", taskId).put("session_id", sessionId).put("user_id", user.userId);
        return ok(ex, data);
    }

    int credits(HttpExchange ex) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        Accounts.Balance b = accounts.balance(user);
        ObjectNode data = JSON.createObjectNode();
        data.put("available", b.available()).put("frozen", b.frozen()).put("total", b.total());
        return ok(ex, data);
    }

    int state(HttpExchange ex, String sessionId) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        Session session = sessions.session(sessionId, user);
        ObjectNode draft = session.draft();
        InstructionPlan.Canvas canvas = DraftBuilder.canvasOf(session.plan());
        ObjectNode data = JSON.createObjectNode();
        data.put("session_id", session.sessionId).put("task_id", session.taskId).put("task_name", session.taskName);
        ObjectNode state = data.putObject("state");
        state.set("draft", draft != null ? draft : DraftBuilder.empty(canvas));
        ArrayNode infos = state.putArray("video_infos");
        session.files().forEach(f -> infos.add(UploadEndpoints.fileJson(f)));
        state.putObject("canvas_config").put("width", canvas.width).put("height", canvas.height).put("ratio", canvas.ratio);
        state.putArray("video_analyses");
        state.putArray("generated_media");
        return ok(ex, data);
    }

    int runSse(HttpExchange ex) throws IOException, InterruptedException {
        Accounts.User user = sessions.authenticate(ex);
        JsonNode body = readJson(ex);
        String sessionId = body.path("session_id").asText(null);
        if (sessionId == null) {
            throw new BadRequest(422, "session_id is required in the /run_sse body");
        }
        Session session = sessions.session(sessionId, user);
        StringBuilder instruction = new StringBuilder();
        for (JsonNode part : body.path("new_message").path("parts")) {
            if (part.hasNonNull("text")) {
                instruction.append(part.get("text").asText()).append('\n');
            }
        }
        if (instruction.toString().isBlank()) {
            throw new BadRequest(422, "new_message.parts[].text is required: send the instruction text");
        }
        int cost = options.instructionCost();
        accounts.freeze(user, cost);
        instructions.incrementAndGet();
        String dialectHeader = ex.getRequestHeaders().getFirst("X-Emulator-Dialect");
        String silentHeader = ex.getRequestHeaders().getFirst("X-Emulator-Silent");
        InstructionStream.Script script = new InstructionStream.Script(
                dialectHeader != null ? EmulatorFaults.parse(SseDialect.class, dialectHeader) : faults.dialect(),
                silentHeader != null ? Boolean.parseBoolean(silentHeader) : faults.silent(),
                faults.takeCut(), faults.takeStall(), faults.takeStreamError(), faults.temporaryIssueText(),
                options.sseEventDelay());
        InstructionPlan plan = InstructionPlan.parse(instruction.toString()).over(session.plan());
        LOG.info("instruction started. sessionId={} dialect={} silent={} cut={} stall={}", sessionId, script.dialect(),
                script.silent(), script.cut(), script.stall() != null);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        SseWriter writer = new SseWriter(ex.getResponseBody(), options.keepAliveInterval());
        try {
            boolean drop = faults.takeSessionDrop();
            new InstructionStream(writer, script).run(session, plan, () -> {
                ObjectNode draft = DraftBuilder.build(session.files(), plan);
                session.applyEdit(plan, draft);
                if (drop) {
                    sessions.forget(sessionId);
                }
                return draft;
            });
        } finally {
            accounts.consume(user, cost);
        }
        LOG.info("instruction finished. sessionId={} clientGone={}", sessionId, writer.detached());
        return 200;
    }
}
