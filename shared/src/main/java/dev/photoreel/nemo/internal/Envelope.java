package dev.photoreel.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One vendor response body read through any of its three envelopes:
 * {@code {"code", "message"|"msg", "data"}}, {@code {"success", "data", "error"}}, or a bare object.
 *
 * @param data    the payload: {@code data} of an envelope, the body itself when bare; never null
 *                (a {@link MissingNode} when there is none)
 * @param code    the vendor's {@code code}, or null
 * @param success the vendor's {@code success}, or null
 * @param message the error text ({@code message}/{@code msg}/{@code error}/{@code detail}), or null
 * @param json    whether the body was JSON at all
 */
public record Envelope(JsonNode data, Integer code, Boolean success, String message, boolean json) {

    /** Reads a body; a body that is not JSON gives an empty envelope whose message is the (shortened) text. */
    public static Envelope read(String body) {
        JsonNode root = Json.tryParse(body);
        if (root == null || !root.isObject()) {
            String text = body == null || body.isBlank() ? null : Redaction.shorten(body.strip(), 300);
            return new Envelope(root == null ? MissingNode.getInstance() : root, null, null, text, root != null);
        }
        return of(root);
    }

    public static Envelope of(JsonNode root) {
        Integer code = Json.integer(root, "code");
        Boolean success = Json.bool(root, "success");
        boolean wrapped = code != null || success != null;
        JsonNode data;
        if (wrapped) {
            JsonNode inner = root.get("data");
            data = inner == null || inner.isNull() ? MissingNode.getInstance() : inner;
        } else {
            data = root;
        }
        String message = Json.errorText(root);
        return new Envelope(data, code, success, message, true);
    }

    /** Whether the envelope itself says the call failed (non-zero code, or success false). */
    public boolean reportsError() {
        return (code != null && code != 0) || Boolean.FALSE.equals(success);
    }
}
