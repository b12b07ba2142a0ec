package dev.photoreel.local.emulator;

/** How an unknown session is reported: code 1002 in the envelope, or HTTP 404 {@code {"detail": "Session not found: ..."}}. */
public enum SessionErrorStyle {
    CODE_1002, HTTP_404
}
