package dev.photoreel.nemo.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps tokens out of messages and logs. */
public final class Redaction {

    private static final Pattern TOKEN_LIKE = Pattern.compile(
            "(?i)(nmv_[A-Za-z0-9_\\-.]+|bearer\\s+[A-Za-z0-9_\\-.=+/]+|(\"?token\"?\\s*[:=]\\s*\"?)[A-Za-z0-9_\\-.=+/]{16,})");

    private Redaction() {
    }

    /**
     * Removes anything that looks like a token from vendor text: the given secrets verbatim, the
     * vendor's {@code nmv_} tokens, {@code Bearer ...} values and {@code token: <16+ characters>} pairs.
     */
    public static String redact(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                result = result.replace(secret, "<redacted>");
            }
        }
        return TOKEN_LIKE.matcher(result).replaceAll(match -> {
            String prefix = match.group(2);
            return prefix != null ? Matcher.quoteReplacement(prefix) + "<redacted>" : "<redacted>";
        });
    }

    /** At most {@code max} characters, with an ellipsis when cut. */
    public static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "...";
    }
}
