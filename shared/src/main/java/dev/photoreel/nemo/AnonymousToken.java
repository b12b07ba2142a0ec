package dev.photoreel.nemo;

import java.time.Instant;

/** A minted anonymous token. {@link #toString()} never shows the token itself. */
public record AnonymousToken(String token, String userId, Instant expiresAt, Integer credits) {
    @Override
    public String toString() {
        return "AnonymousToken[token=<redacted>, userId=" + userId + ", expiresAt=" + expiresAt + ", credits=" + credits + "]";
    }
}
