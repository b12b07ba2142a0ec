package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes server-sent events and keep-alives, one flushed chunk each. When the client goes away the
 * writer turns detached: further writes are dropped and waits are skipped, so the edit still
 * completes on the server (as the vendor's agent keeps working after a client disconnects).
 */
final class SseWriter {

    private final OutputStream out;
    private final Duration keepAliveInterval;
    private boolean detached;
    private int keepAlives;

    SseWriter(OutputStream out, Duration keepAliveInterval) {
        this.out = out;
        this.keepAliveInterval = keepAliveInterval;
    }

    void event(JsonNode json) {
        write("data: " + json.toString() + "\n\n");
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** An empty {@code data:} line: one of the keep-alive forms of the contract. */
    void emptyData() {
        write("data:\n\n");
    }

    /** Writes the first half of an event and flushes: the caller then drops the connection. */
    void halfEvent(JsonNode json) {
        String text = "data: " + json.toString();
        write(text.substring(0, Math.max(8, text.length() / 2)));
    }

    boolean detached() {
        return detached;
    }

    int keepAlives() {
        return keepAlives;
    }

    /** Waits {@code duration}, writing a comment keep-alive whenever the stream is quiet for the keep-alive interval. */
    void pause(Duration duration, boolean keepAlive) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long step = keepAliveInterval.isZero() || keepAliveInterval.isNegative() ? Long.MAX_VALUE : keepAliveInterval.toNanos();
        while (!detached) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long wait = Math.min(left, step);
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            if (keepAlive && wait == step) {
                keepAlives++;
                comment("keep-alive");
            }
        }
    }

    private void write(String text) {
        if (detached) {
            return;
        }
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            detached = true;
        }
    }
}
