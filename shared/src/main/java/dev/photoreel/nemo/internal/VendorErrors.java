package dev.photoreel.nemo.internal;

import dev.photoreel.media.MediaPolicy;
import dev.photoreel.nemo.exceptions.ExportBlockedException;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.exceptions.RateLimitedException;
import dev.photoreel.nemo.exceptions.SessionNotFoundException;
import dev.photoreel.nemo.exceptions.UnsupportedFileException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Maps a vendor answer to the typed error of the contract's error table, with a message a person can act on. */
public final class VendorErrors {

    public static final String SUPPORTED_FORMATS = MediaPolicy.NEMOVIDEO.supported();

    private static final Set<Integer> TOKEN_CODES = Set.of(1001, 1010, 1011);

    private VendorErrors() {
    }

    /** Whether the answer is a token rejection (1001/1010/1011 or HTTP 401). */
    public static boolean isTokenRejection(int httpStatus, Envelope envelope) {
        return httpStatus == 401 || (envelope.code() != null && TOKEN_CODES.contains(envelope.code()));
    }

    /**
     * The error an answer means, or null when it is a success (2xx and the envelope does not report an error).
     *
     * @param retryAfterHeader the {@code Retry-After} header, or null
     */
    public static NemoException classify(int httpStatus, Envelope envelope, String retryAfterHeader, ErrorContext context) {
        boolean httpOk = httpStatus >= 200 && httpStatus < 300;
        if (httpOk && !envelope.reportsError()) {
            return null;
        }
        Integer code = envelope.code() != null && envelope.code() != 0 ? envelope.code() : null;
        Integer status = httpStatus;
        String what = context.operation().description();
        String vendorText = vendorText(httpStatus, code, envelope.message(), context);

        if (isTokenRejection(httpStatus, envelope)) {
            return new InvalidTokenException("NemoVideo rejected the access token while " + what + " (" + vendorText
                    + "). The token is bad or expired: re-authenticate (mint a new anonymous token, or renew the"
                    + " registered account's token in its secret) and retry.", code, status, null);
        }
        if (code != null && code == 1002 || httpStatus == 404 && mentionsSessionNotFound(envelope.message())) {
            String session = context.sessionId() == null ? "the session" : "session " + context.sessionId();
            return new SessionNotFoundException("NemoVideo does not know " + session + " (" + vendorText
                    + "). Create a new session and upload the media again.", code, status, null);
        }
        if (code != null && code == 2001) {
            return new InsufficientCreditsException("NemoVideo has no credits left for this account (" + vendorText
                    + "). Register a NemoVideo account or top up its credits, then run the job again.", code, status, null);
        }
        if (code != null && code == 4001) {
            return new UnsupportedFileException("NemoVideo does not support " + fileName(envelope, context) + " ("
                    + vendorText + "). Supported formats: " + SUPPORTED_FORMATS
                    + ". Convert the file to one of them or remove it, then run the job again.", code, status, null);
        }
        if (code != null && code == 4002) {
            return new FileTooLargeException(capitalize(fileName(envelope, context)) + " is too large for NemoVideo ("
                    + vendorText + "). The limit is " + describeBytes(context.fileSizeLimit())
                    + " per file. Make the file smaller or remove it, then run the job again.", code, status, null);
        }
        if (httpStatus == 400 && context.operation() == Operation.MINT_TOKEN) {
            return new MissingClientIdException("NemoVideo refused the anonymous token request with HTTP 400 ("
                    + vendorText + "): the X-Client-Id header was missing or invalid. This is a bug or a"
                    + " misconfiguration on our side: set NEMO_CLIENT_ID to a stable UUID of at most 64 characters.",
                    code, status, null);
        }
        if (httpStatus == 402) {
            return new ExportBlockedException("NemoVideo blocked " + what + " with HTTP 402 (" + vendorText
                    + "): the plan tier does not allow it. Register or upgrade the plan (and make sure the"
                    + " X-Skill-Source/Version/Platform attribution headers are sent).", code, status, null);
        }
        if (httpStatus == 429) {
            Duration retryAfter = parseRetryAfter(retryAfterHeader);
            Duration wait = retryAfter != null ? retryAfter : RateLimitedException.DEFAULT_RETRY_AFTER;
            return new RateLimitedException("NemoVideo rate-limited " + what + " (" + vendorText + "). Wait "
                    + wait.toSeconds() + " s and retry once.", code, status, retryAfter, null);
        }
        if (httpStatus >= 500 || httpStatus == 408) {
            return new VendorUnavailableException("NemoVideo is unavailable for " + what + " (" + vendorText
                    + "). This is usually temporary: retry with backoff.", code, status, null);
        }
        return new VendorRejectedException("NemoVideo refused " + what + " (" + vendorText
                + "). Check the request against the vendor's answer; retrying the same request will not help.",
                code, status, null);
    }

    /** A network failure, a timeout or an unreadable answer: transient. */
    public static VendorUnavailableException unavailable(ErrorContext context, String problem, Throwable cause) {
        return new VendorUnavailableException("NemoVideo could not be reached for " + context.operation().description()
                + " (" + context.redact(problem) + "). This is usually temporary: retry with backoff.", null, null, cause);
    }

    /** An answer that lacks what the contract promises: the vendor changed, retrying will not help. */
    public static VendorRejectedException unexpected(ErrorContext context, String problem) {
        return new VendorRejectedException("NemoVideo answered " + context.operation().description()
                + " in an unexpected form (" + context.redact(problem) + "). The vendor's API may have changed:"
                + " check docs/nemovideo-api.md against its answer.", null, null, null);
    }

    static String vendorText(int httpStatus, Integer code, String message, ErrorContext context) {
        StringBuilder text = new StringBuilder("HTTP ").append(httpStatus);
        if (code != null) {
            text.append(", code ").append(code);
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(Redaction.shorten(context.redact(message.strip()), 300));
        }
        return text.toString();
    }

    private static boolean mentionsSessionNotFound(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("session not found");
    }

    /** The file the error is about: named by the vendor, mentioned in its text, or the only file sent. */
    private static String fileName(Envelope envelope, ErrorContext context) {
        String named = Json.text(envelope.data(), "filename", "file_name", "fileName", "file");
        if (named != null) {
            return "the file '" + named + "'";
        }
        List<String> files = context.fileNames();
        String message = envelope.message();
        if (message != null) {
            for (String file : files) {
                if (!file.isBlank() && message.contains(file)) {
                    return "the file '" + file + "'";
                }
            }
        }
        if (files.size() == 1) {
            return "the file '" + files.get(0) + "'";
        }
        if (!files.isEmpty()) {
            return "one of the files " + String.join(", ", files.stream().map(f -> "'" + f + "'").toList());
        }
        return "the file";
    }

    public static String describeBytes(long bytes) {
        if (bytes > 0 && bytes % (1024 * 1024) == 0) {
            return (bytes / (1024 * 1024)) + " MB (" + bytes + " bytes)";
        }
        return bytes + " bytes";
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(java.time.Instant.now(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
