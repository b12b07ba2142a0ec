package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.nemo.Credits;
import dev.photoreel.nemo.Draft;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.UploadedFile;
import dev.photoreel.nemo.VendorSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the payload ({@code data}) of each endpoint's answer. Tolerant: snake_case and camelCase
 * spellings, numbers as strings, unknown fields ignored. Returns null only where a value the
 * contract promises is missing, so the caller can report it.
 */
public final class Responses {

    private Responses() {
    }

    public static AnonymousToken token(JsonNode data) {
        String token = Json.text(data, "token", "access_token", "accessToken");
        if (token == null) {
            return null;
        }
        return new AnonymousToken(token, Json.text(data, "user_id", "userId"),
                instant(Json.first(data, "expires_at", "expiresAt")), Json.integer(data, "credits"));
    }

    public static VendorSession session(JsonNode data) {
        String sessionId = Json.text(data, "session_id", "sessionId");
        if (sessionId == null) {
            return null;
        }
        return new VendorSession(Json.text(data, "task_id", "taskId"), sessionId);
    }

    /** {@code files[]} (also accepted: a bare array, or a single file object). */
    public static List<UploadedFile> files(JsonNode data) {
        JsonNode files = data.isArray() ? data : Json.first(data, "files", "items");
        if (files == null && Json.text(data, "cdn_url", "cdnUrl", "filename") != null) {
            return List.of(file(data));
        }
        if (files == null || !files.isArray()) {
            return null;
        }
        List<UploadedFile> result = new ArrayList<>();
        for (JsonNode file : files) {
            result.add(file(file));
        }
        return List.copyOf(result);
    }

    private static UploadedFile file(JsonNode file) {
        return new UploadedFile(Json.text(file, "filename", "file_name", "fileName", "name"),
                Json.text(file, "file_type", "fileType", "type"),
                Json.text(file, "cdn_url", "cdnUrl", "url"),
                Json.doubleValue(file, "duration"),
                Json.integer(file, "width"),
                Json.integer(file, "height"),
                Json.doubleValue(file, "fps"),
                Json.text(file, "hash"));
    }

    public static Credits credits(JsonNode data) {
        Long available = Json.longValue(data, "available", "balance");
        Long frozen = Json.longValue(data, "frozen");
        Long total = Json.longValue(data, "total");
        Long granted = Json.longValue(data, "total_granted", "totalGranted");
        Long consumed = Json.longValue(data, "total_consumed", "totalConsumed");
        if (available == null && granted != null) {
            available = granted - (consumed == null ? 0 : consumed) - (frozen == null ? 0 : frozen);
            total = total == null ? granted - (consumed == null ? 0 : consumed) : total;
        }
        if (available == null) {
            return null;
        }
        long frozenValue = frozen == null ? 0 : frozen;
        return new Credits(available, frozenValue, total == null ? available + frozenValue : total);
    }

    public static SessionState sessionState(JsonNode data, String requestedSessionId) {
        JsonNode state = Json.first(data, "state");
        JsonNode draftNode = Json.first(state, "draft");
        if (draftNode != null && draftNode.isTextual()) {
            draftNode = Json.tryParse(draftNode.asText());
        }
        Draft draft = draftNode != null && draftNode.isObject() ? Draft.of(draftNode) : null;
        String sessionId = Json.text(data, "session_id", "sessionId");
        return new SessionState(sessionId == null ? requestedSessionId : sessionId,
                Json.text(data, "task_id", "taskId"), Json.text(data, "task_name", "taskName"), draft);
    }

    /**
     * Any of the contract's render-status shapes: {@code {taskId, status, progress, output: {url,
     * duration, size}}}, {@code {id, status, progress, outputUrl, createdAt, completedAt}} (bare or
     * in either envelope), with {@code error} on failure.
     */
    public static RenderStatus renderStatus(JsonNode data, String requestedId) {
        JsonNode output = Json.first(data, "output", "result");
        String id = Json.text(data, "id", "taskId", "task_id", "renderId", "render_id");
        String url = Json.text(data, "outputUrl", "output_url", "url", "downloadUrl", "download_url", "videoUrl",
                "video_url");
        if (url == null && output != null) {
            url = output.isTextual() ? blankToNull(output.asText())
                    : Json.text(output, "url", "outputUrl", "output_url", "downloadUrl", "download_url");
        }
        Double duration = Json.doubleValue(output, "duration");
        if (duration == null) {
            duration = Json.doubleValue(data, "duration");
        }
        Long size = Json.longValue(output, "size");
        if (size == null) {
            size = Json.longValue(data, "size");
        }
        RenderStatus.State state = state(Json.text(data, "status", "state"), url);
        String error = errorOf(data);
        if (error != null && state != RenderStatus.State.COMPLETED) {
            state = RenderStatus.State.FAILED;
        }
        return new RenderStatus(id == null ? requestedId : id, state, progress(data, state), url, duration, size,
                error);
    }

    private static String errorOf(JsonNode data) {
        JsonNode error = Json.first(data, "error", "errorMessage", "error_message");
        if (error == null || error.isBoolean() && !error.booleanValue()) {
            return null;
        }
        if (error.isObject()) {
            String text = Json.errorText(error);
            return text != null ? text : error.toString();
        }
        return blankToNull(error.asText());
    }

    private static RenderStatus.State state(String status, String url) {
        if (status == null) {
            return url != null ? RenderStatus.State.COMPLETED : RenderStatus.State.PENDING;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "pending", "queued", "waiting", "submitted", "created" -> RenderStatus.State.PENDING;
            case "completed", "complete", "done", "success", "succeeded", "finished" -> RenderStatus.State.COMPLETED;
            case "failed", "failure", "error", "cancelled", "canceled", "aborted" -> RenderStatus.State.FAILED;
            default -> RenderStatus.State.PROCESSING;
        };
    }

    private static int progress(JsonNode data, RenderStatus.State state) {
        BigDecimal value = Json.number(data, "progress", "percent");
        if (value == null) {
            return state == RenderStatus.State.COMPLETED ? 100 : 0;
        }
        int percent = value.intValue();
        return Math.max(0, Math.min(100, percent));
    }

    /** ISO-8601 (with or without offset) or epoch seconds/milliseconds; null when unreadable. */
    static Instant instant(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            long number = value.asLong();
            return number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        }
        String text = value.asText().trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
