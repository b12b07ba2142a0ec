package dev.photoreel.local.emulator;

import java.util.Locale;

/** The emulator's endpoints, as named by the fault knobs (JSON uses the lower-case names, e.g. {@code "upload"}). */
public enum Endpoint {
    TOKEN, SESSION, UPLOAD, RUN_SSE, CREDITS, STATE, RENDER_SUBMIT, RENDER_POLL, RENDER_DOWNLOAD, RENDER_CANCEL, FILES;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "upload"}, {@code "UPLOAD"} or {@code "render-poll"}. */
    public static Endpoint parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown endpoint '" + name + "'; use one of "
                    + java.util.Arrays.stream(values()).map(Endpoint::jsonName).toList(), e);
        }
    }
}
