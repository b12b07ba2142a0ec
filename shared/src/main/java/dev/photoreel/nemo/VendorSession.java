package dev.photoreel.nemo;

/** A vendor editing session. The session id is opaque (a long numeric string today). */
public record VendorSession(String taskId, String sessionId) {
}
