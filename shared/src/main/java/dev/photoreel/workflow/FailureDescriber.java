package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.util.Map;

/**
 * Turns a Catch's {@code $.error} ({@code {"Error": "<fully qualified class or States.*>", "Cause":
 * "<Lambda error JSON or text>"}}) into an error code and a message a person can act on.
 */
public final class FailureDescriber {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final int MAX_MESSAGE = 1500;

    /** A described failure. */
    public record Failure(String code, String message) {
    }

    private record Kind(String code, String fix) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("JobValidationException", new Kind("INVALID_INPUT", "fix the files or job.json named above and upload again")),
            Map.entry("UploadsNeverSettledException", new Kind("UPLOADS_NEVER_SETTLED", "upload all files, then add job.json last")),
            Map.entry("DraftNotReadyException", new Kind("DRAFT_NOT_READY", "try a simpler instruction in job.json and upload again")),
            Map.entry("RenderFailedException", new Kind("RENDER_FAILED", "upload again to retry; if it keeps failing, change the instruction")),
            Map.entry("RenderTimedOutException", new Kind("RENDER_TIMED_OUT", "upload again later to retry")),
            Map.entry("VideoCheckFailedException", new Kind("VIDEO_CHECK_FAILED", "upload again to render the video again")),
            Map.entry("JobStateConflictException", new Kind("JOB_STATE_CONFLICT", "upload again to start a new job")),
            Map.entry("InsufficientCreditsException", new Kind("NO_CREDITS", EditingService.REGISTRATION_HINT)),
            Map.entry("ExportBlockedException", new Kind("EXPORT_BLOCKED", "register or upgrade the NemoVideo plan, then upload again")),
            Map.entry("InvalidTokenException", new Kind("VENDOR_AUTH_FAILED", "check the NemoVideo token (NEMO_TOKEN_SECRET_ARN) or client id, then upload again")),
            Map.entry("MissingClientIdException", new Kind("VENDOR_CLIENT_ID_MISSING", "set NEMO_CLIENT_ID to a UUID and redeploy")),
            Map.entry("SessionNotFoundException", new Kind("VENDOR_SESSION_LOST", "upload again to start with a new session")),
            Map.entry("UnsupportedFileException", new Kind("UNSUPPORTED_FILE", "replace the file named above with a supported format and upload again")),
            Map.entry("FileTooLargeException", new Kind("FILE_TOO_LARGE", "make the file named above smaller and upload again")),
            Map.entry("VendorRejectedException", new Kind("VENDOR_REJECTED", "check the message above, then upload again")),
            Map.entry("VendorUnavailableException", new Kind("VENDOR_UNAVAILABLE", "the video service is unreachable: upload again later")),
            Map.entry("RateLimitedException", new Kind("VENDOR_RATE_LIMITED", "too many requests to the video service: upload again in a few minutes")),
            Map.entry("States.Timeout", new Kind("STEP_TIMED_OUT", "a step took too long: upload again to retry")),
            // Lambda's own: a function that outlived its timeout, and a runtime that died (out of memory, a crash)
            Map.entry("Timedout", new Kind("STEP_TIMED_OUT", "a step took too long: upload again to retry")),
            Map.entry("ExitError", new Kind("STEP_CRASHED", "a step crashed again after its retries: upload again later, and tell the operator the job id if it keeps failing")),
            Map.entry("States.TaskFailed", new Kind("STEP_FAILED", "upload again to retry; if it keeps failing, tell the operator")));

    private FailureDescriber() {
    }

    public static Failure describe(String error, String cause) {
        String name = error == null || error.isBlank() ? "Unknown" : error;
        String simple = name.startsWith("States.") ? name : name.substring(name.lastIndexOf('.') + 1);
        Kind kind = KINDS.getOrDefault(simple, new Kind("INTERNAL_ERROR",
                "this is a photoreel problem: upload again to retry, and tell the operator the job id"));
        String detail = causeMessage(cause);
        String message = (detail.isBlank() ? simple : detail);
        message = message.endsWith(".") ? message : message + ".";
        String full = message + " What to do: " + kind.fix() + ".";
        return new Failure(kind.code(), full.length() > MAX_MESSAGE ? full.substring(0, MAX_MESSAGE - 1) + "…" : full);
    }

    private static String causeMessage(String cause) {
        if (cause == null || cause.isBlank()) {
            return "";
        }
        String trimmed = cause.trim();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = MAPPER.readTree(trimmed);
                JsonNode message = node.path("errorMessage");
                if (message.isTextual()) {
                    return message.asText().strip();
                }
            } catch (java.io.IOException e) {
                return firstLine(trimmed);
            }
        }
        return firstLine(trimmed);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
