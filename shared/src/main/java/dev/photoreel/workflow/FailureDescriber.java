package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.exceptions.ExportBlockedException;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.RateLimitedException;
import dev.photoreel.nemo.exceptions.SessionNotFoundException;
import dev.photoreel.nemo.exceptions.UnsupportedFileException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.DraftNotReadyException;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import dev.photoreel.workflow.exceptions.RenderTimedOutException;
import dev.photoreel.workflow.exceptions.UploadsNeverSettledException;
import dev.photoreel.workflow.exceptions.VideoCheckFailedException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a Catch's {@code $.error} ({@code {"Error": "<fully qualified class or States.*>", "Cause":
 * "<Lambda error JSON or text>"}}) into an error code and a message a person can act on.
 *
 * <p>The one list of the errors a job can fail with, keyed by the exception classes (and the platform's own error
 * names). A thrown error's message is its Cause's {@code errorMessage}. The loops' errors ({@link
 * UploadsNeverSettledException}, {@link DraftNotReadyException}, {@link RenderTimedOutException}) are also set by the
 * state machine's "... Exhausted" Pass states when a loop's Choice reaches its bound; their Cause is then a plain
 * summary, and the message is written here from the execution state ({@link Loops}).
 */
public final class FailureDescriber {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final int MAX_MESSAGE = 1500;
    private static final String STEP_TIMED_OUT = "STEP_TIMED_OUT";
    private static final String TOO_LONG_FIX = "a step took too long: upload again to retry";

    /** A described failure. */
    public record Failure(String code, String message) {
    }

    /**
     * Who can fix a failure: the user who sent the job (their files or job.json, as our own checks found them), or the
     * operator (the deployment, the vendor account, the vendor, photoreel itself). Only the operator's are alarmed.
     * Whatever is not known to be the user's is the operator's: a vendor that refuses a file our validation accepted,
     * or a draft the editor never finishes, may be the user's file or instruction, but it may as well be the vendor or
     * our checks drifting, and only the operator can tell.
     */
    public enum FixedBy { USER, OPERATOR }

    /**
     * What the execution state says about the loops when a job fails: the upload folder, the counters and the
     * settings. {@link #NONE} when unknown.
     */
    public record Loops(String prefix, int uploadChecks, int draftChecks, int renderPolls, int renderProgress,
                        long renderElapsedSeconds, JobSettings settings) {
        public static final Loops NONE = new Loops(null, 0, 0, 0, 0, 0, null);
    }

    /**
     * An error's code, who can fix it, its fix, and (for a loop's error) the message written from the state when no
     * step threw it.
     */
    private record Kind(String code, FixedBy fixedBy, String fix, Function<Loops, String> exhausted) {
        Kind(String code, String fix) {
            this(code, FixedBy.OPERATOR, fix, null);
        }

        Kind(String code, String fix, Function<Loops, String> exhausted) {
            this(code, FixedBy.OPERATOR, fix, exhausted);
        }

        static Kind usersToFix(String code, String fix) {
            return usersToFix(code, fix, null);
        }

        static Kind usersToFix(String code, String fix, Function<Loops, String> exhausted) {
            return new Kind(code, FixedBy.USER, fix, exhausted);
        }
    }

    private static final Kind INTERNAL = new Kind("INTERNAL_ERROR",
            "this is a photoreel problem: upload again to retry, and tell the operator the job id");

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            entry(JobValidationException.class, Kind.usersToFix("INVALID_INPUT", "fix the files or job.json named above and upload again")),
            entry(UploadsNeverSettledException.class, Kind.usersToFix("UPLOADS_NEVER_SETTLED", "upload all files, then add job.json last",
                    loops -> "files kept arriving under " + loops.prefix() + " for " + loops.uploadChecks() + " checks of "
                            + loops.settings().uploadCheckSeconds() + " s; upload everything, then add job.json (or stop uploading for "
                            + loops.settings().quietPeriodSeconds() + " s) to start a job")),
            entry(DraftNotReadyException.class, new Kind("DRAFT_NOT_READY", "try a simpler instruction in job.json and upload again",
                    loops -> "the editor produced no exportable draft after " + loops.draftChecks() + " checks "
                            + loops.settings().draftCheckSeconds() + " s apart; try a simpler instruction in job.json, or upload again to retry")),
            entry(RenderFailedException.class, new Kind("RENDER_FAILED", "upload again to retry; if it keeps failing, change the instruction")),
            entry(RenderTimedOutException.class, new Kind("RENDER_TIMED_OUT", "upload again later to retry",
                    loops -> "the render did not finish within " + loops.settings().renderTimeoutSeconds() + " s ("
                            + loops.renderPolls() + " polls in " + loops.renderElapsedSeconds() + " s, last progress "
                            + loops.renderProgress() + "%); the editor may be busy: upload again later to retry")),
            entry(VideoCheckFailedException.class, new Kind("VIDEO_CHECK_FAILED", "upload again to render the video again")),
            entry(JobStateConflictException.class, new Kind("JOB_STATE_CONFLICT", "upload again to start a new job")),
            entry(InsufficientCreditsException.class, new Kind("NO_CREDITS", EditingService.REGISTRATION_HINT)),
            entry(ExportBlockedException.class, new Kind("EXPORT_BLOCKED", "register or upgrade the NemoVideo plan, then upload again")),
            entry(InvalidTokenException.class, new Kind("VENDOR_AUTH_FAILED",
                    "check the NemoVideo token (NEMO_TOKEN_SECRET_ARN) or client id, then upload again")),
            entry(MissingClientIdException.class, new Kind("VENDOR_CLIENT_ID_MISSING", "set NEMO_CLIENT_ID to a UUID and redeploy")),
            entry(SessionNotFoundException.class, new Kind("VENDOR_SESSION_LOST", "upload again to start with a new session")),
            entry(UnsupportedFileException.class, new Kind("UNSUPPORTED_FILE",
                    "replace the file named above with a supported format and upload again")),
            entry(FileTooLargeException.class, new Kind("FILE_TOO_LARGE", "make the file named above smaller and upload again")),
            entry(VendorRejectedException.class, new Kind("VENDOR_REJECTED", "check the message above, then upload again")),
            entry(VendorUnavailableException.class, new Kind("VENDOR_UNAVAILABLE", "the video service is unreachable: upload again later")),
            entry(RateLimitedException.class, new Kind("VENDOR_RATE_LIMITED",
                    "too many requests to the video service: upload again in a few minutes")),
            // the platform's: a Task past its TimeoutSeconds, a function past its own timeout, a runtime that died
            // (out of memory, a crash), and a Task failure without a type
            Map.entry("States.Timeout", new Kind(STEP_TIMED_OUT, TOO_LONG_FIX)),
            Map.entry("Sandbox.Timedout", new Kind(STEP_TIMED_OUT, TOO_LONG_FIX)),
            Map.entry("Runtime.ExitError", new Kind("STEP_CRASHED",
                    "a step crashed again after its retries: upload again later, and tell the operator the job id if it keeps failing")),
            Map.entry("States.TaskFailed", new Kind("STEP_FAILED", "upload again to retry; if it keeps failing, tell the operator")));

    /** The codes of {@link FixedBy#USER}'s kinds. */
    private static final Set<String> USERS_TO_FIX = KINDS.values().stream().filter(kind -> kind.fixedBy() == FixedBy.USER)
            .map(Kind::code).collect(Collectors.toUnmodifiableSet());

    private FailureDescriber() {
    }

    /**
     * Who can fix a failure with this error code ({@link Failure#code()}, or a code of the guard's or the
     * reconciler's): {@link FixedBy#USER} only for the codes of the user's own input; every other code, known or not,
     * is the operator's.
     */
    public static FixedBy fixedBy(String code) {
        return code != null && USERS_TO_FIX.contains(code) ? FixedBy.USER : FixedBy.OPERATOR;
    }

    /** The error names with a description of their own (every other one is described as {@code INTERNAL_ERROR}). */
    public static Set<String> describedErrors() {
        return KINDS.keySet();
    }

    public static Failure describe(String error, String cause) {
        return describe(error, cause, Loops.NONE);
    }

    /**
     * As {@link #describe(String, String)}; for a loop's error without a thrower's message (set by an "... Exhausted"
     * Pass), the message comes from {@code loops}.
     */
    public static Failure describe(String error, String cause, Loops loops) {
        String name = error == null || error.isBlank() ? "Unknown" : error;
        Kind kind = KINDS.getOrDefault(name, INTERNAL);
        String thrown = errorMessage(cause);
        String detail;
        if (thrown == null && kind.exhausted() != null && loops.settings() != null) {
            detail = kind.exhausted().apply(loops);
        } else {
            detail = thrown != null ? thrown : text(cause);
        }
        String simple = name.substring(name.lastIndexOf('.') + 1);
        String message = detail.isBlank() ? simple : detail;
        message = message.endsWith(".") ? message : message + ".";
        String full = message + " What to do: " + kind.fix() + ".";
        return new Failure(kind.code(), full.length() > MAX_MESSAGE ? full.substring(0, MAX_MESSAGE - 1) + "…" : full);
    }

    private static Map.Entry<String, Kind> entry(Class<? extends RuntimeException> type, Kind kind) {
        return Map.entry(type.getName(), kind);
    }

    /** The {@code errorMessage} of a Lambda error JSON, or null when the Cause is not one. */
    private static String errorMessage(String cause) {
        if (cause == null || !cause.trim().startsWith("{")) {
            return null;
        }
        try {
            JsonNode message = MAPPER.readTree(cause.trim()).path("errorMessage");
            return message.isTextual() ? message.asText().strip() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(String cause) {
        if (cause == null || cause.isBlank()) {
            return "";
        }
        String trimmed = cause.trim();
        int newline = trimmed.indexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
    }
}
