package dev.photoreel.local.emulator;

import static dev.photoreel.local.emulator.Exchanges.JSON;
import static dev.photoreel.local.emulator.Exchanges.drain;
import static dev.photoreel.local.emulator.Exchanges.readJson;
import static dev.photoreel.local.emulator.Exchanges.send;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.media.MediaFormat;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render endpoints: submit (attribution headers, plan, draft), poll (in the configured poll shape),
 * cancel, download, and {@code /files/...}, the stored uploads and renders served by their extension's type.
 */
final class RenderEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(RenderEndpoints.class);
    private static final List<String> ATTRIBUTION = List.of("X-Skill-Source", "X-Skill-Version", "X-Skill-Platform");

    private final EmulatorFaults faults;
    private final Sessions sessions;
    private final RenderJobs renders;
    private final FileStore store;

    RenderEndpoints(EmulatorFaults faults, Sessions sessions, RenderJobs renders, FileStore store) {
        this.faults = faults;
        this.sessions = sessions;
        this.renders = renders;
        this.store = store;
    }

    int submitRender(HttpExchange ex) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        JsonNode body = readJson(ex);
        for (String header : ATTRIBUTION) {
            String value = ex.getRequestHeaders().getFirst(header);
            if (value == null || value.isBlank()) {
                throw ApiError.detail(402, "Export is not available on this plan (missing " + header
                        + "): register or upgrade the plan");
            }
        }
        if (faults.exportsBlocked()) {
            throw ApiError.detail(402, "Export is not available on the anonymous plan: register or upgrade the plan");
        }
        String id = body.path("id").asText("");
        if (id.isBlank()) {
            throw ApiError.failure(400, "id is required: send a unique render id such as render_<timestamp>");
        }
        String sessionId = body.path("sessionId").asText(null);
        if (sessionId == null) {
            throw ApiError.failure(400, "sessionId is required");
        }
        sessions.session(sessionId, user);
        JsonNode draft = body.path("draft");
        if (!draft.isObject() || !hasSegments(draft)) {
            throw ApiError.failure(400, "The draft has no segments: nothing to render. Edit the timeline first");
        }
        RenderJobs.Job job = renders.submit(id, sessionId, user.userId, (ObjectNode) draft, faults.renderFailure(),
                faults.cannedRender());
        LOG.info("render submitted. renderId={} sessionId={} mode={}", id, sessionId, job.mode);
        ObjectNode response = JSON.createObjectNode();
        response.put("success", true);
        response.putObject("data").put("id", id).put("status", "pending").put("progress", 5);
        return send(ex, 200, response);
    }

    private static boolean hasSegments(JsonNode draft) {
        for (JsonNode track : draft.path("t")) {
            if (track.path("sg").isArray() && !track.path("sg").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private RenderJobs.Job job(String id, Accounts.User user) {
        RenderJobs.Job job = renders.get(id);
        if (job == null || (user != null && !job.userId.equals(user.userId))) {
            throw ApiError.detail(404, "Render not found: " + id);
        }
        return job;
    }

    int pollRender(HttpExchange ex, String id) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        RenderJobs.Job job = job(id, user);
        String status = job.status.name().toLowerCase(Locale.ROOT);
        int progress = job.progress();
        ObjectNode response = JSON.createObjectNode();
        switch (faults.pollShape()) {
            case TASK -> {
                response.put("taskId", job.id).put("status", status).put("progress", progress);
                if (job.status == RenderJobs.Status.COMPLETED) {
                    response.putObject("output").put("url", job.outputUrl).put("duration", job.durationSeconds)
                            .put("size", job.sizeBytes);
                }
                if (job.error != null) {
                    response.put("error", job.error);
                }
            }
            case SUCCESS, CODE -> {
                ObjectNode data = JSON.createObjectNode();
                data.put("id", job.id).put("status", status).put("progress", progress);
                if (job.outputUrl != null) {
                    data.put("outputUrl", job.outputUrl).put("duration", job.durationSeconds).put("size", job.sizeBytes);
                }
                data.put("createdAt", job.createdAt);
                if (job.completedAt != null) {
                    data.put("completedAt", job.completedAt);
                }
                if (job.error != null) {
                    data.put("error", job.error);
                }
                if (faults.pollShape() == PollShape.SUCCESS) {
                    response.put("success", true).set("data", data);
                } else {
                    response.put("code", 0).put("message", "success").set("data", data);
                }
            }
            default -> throw new IllegalStateException("unknown poll shape");
        }
        return send(ex, 200, response);
    }

    int cancelRender(HttpExchange ex, String id) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        drain(ex);
        RenderJobs.Job job = job(id, user);
        renders.cancel(job);
        ObjectNode response = JSON.createObjectNode();
        response.put("success", true);
        response.putObject("data").put("id", id).put("status", job.status.name().toLowerCase(Locale.ROOT));
        return send(ex, 200, response);
    }

    int download(HttpExchange ex, String id) throws IOException {
        RenderJobs.Job job = job(id, null);
        if (job.status != RenderJobs.Status.COMPLETED || job.output == null) {
            throw ApiError.detail(409, "Render " + id + " is " + job.status.name().toLowerCase(Locale.ROOT)
                    + "; the download is available once it is completed");
        }
        return sendFile(ex, job.output, "video/mp4");
    }

    int serveFile(HttpExchange ex, String relative) throws IOException {
        Path file = store.resolve(relative).orElseThrow(() -> ApiError.detail(404, "File not found: " + relative));
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = "application/octet-stream";
        for (MediaFormat f : MediaFormat.values()) {
            if (name.endsWith("." + f.extension())) {
                type = f.mimeType();
            }
        }
        if (name.endsWith(".jpeg")) {
            type = "image/jpeg";
        }
        return sendFile(ex, file, type);
    }

    private static int sendFile(HttpExchange ex, Path file, String contentType) throws IOException {
        drain(ex);
        long size = Files.size(file);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", String.valueOf(size));
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, size == 0 ? -1 : size);
        try (OutputStream out = ex.getResponseBody()) {
            Files.copy(file, out);
        }
        return 200;
    }
}
