package dev.photoreel.nemo.internal;

import java.util.List;

/**
 * What a call was about, so an error message can name it.
 *
 * @param operation     the call
 * @param sessionId     the session, or null
 * @param fileNames     the files being uploaded (names only), empty otherwise
 * @param fileSizeLimit the configured per-file limit in bytes
 * @param secrets       values that must never appear in a message (the tokens in use)
 */
public record ErrorContext(Operation operation, String sessionId, List<String> fileNames, long fileSizeLimit,
                           List<String> secrets) {

    public ErrorContext {
        fileNames = fileNames == null ? List.of() : List.copyOf(fileNames);
        secrets = secrets == null ? List.of() : secrets.stream().filter(s -> s != null).toList();
    }

    public static ErrorContext of(Operation operation, long fileSizeLimit) {
        return new ErrorContext(operation, null, List.of(), fileSizeLimit, List.of());
    }

    public ErrorContext withSession(String id) {
        return new ErrorContext(operation, id, fileNames, fileSizeLimit, secrets);
    }

    public ErrorContext withFiles(List<String> names) {
        return new ErrorContext(operation, sessionId, names, fileSizeLimit, secrets);
    }

    public ErrorContext withSecret(String secret) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.add(secret);
        return new ErrorContext(operation, sessionId, fileNames, fileSizeLimit, all);
    }

    String redact(String text) {
        return Redaction.redact(text, secrets.toArray(String[]::new));
    }
}
