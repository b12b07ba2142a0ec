package dev.photoreel.local.emulator;

import dev.photoreel.render.RenderEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link NemoEmulator} starts. Build with {@link #builder()}; every value has a default that
 * matches the vendor (7-day tokens, 1 token per client per window, 100 credits, 200 MB files).
 *
 * @param host                  interface to bind ({@code 127.0.0.1})
 * @param port                  port; 0 picks a free one
 * @param dataDir               where uploads and renders are kept; null for a fresh temporary directory
 * @param clock                 the clock tokens expire by
 * @param tokenLifetime         how long a minted token is valid
 * @param tokenRateLimitWindow  a second token for a client whose token is still valid within this window gets 429
 * @param startingCredits       credits of a new anonymous user
 * @param instructionCost       credits each instruction costs
 * @param maxFileBytes          upload size limit (4002 above it)
 * @param sseEventDelay         pause before each instruction event (the stream's pacing)
 * @param keepAliveInterval     a keep-alive is written whenever the stream is quiet this long
 * @param dialect               the instruction events' form
 * @param silent                instructions say no text at all (the draft is still built)
 * @param pollShape             the render poll's answer shape
 * @param renderEngine          the engine that renders drafts; null uses {@link dev.photoreel.render.FfmpegRenderEngine}
 * @param slowRenderDelay       the extra wait of {@link RenderFailure#SLOW}
 * @param renderConcurrency     how many real renders (ffmpeg) run at once; more wait (the vendor's cloud renders in parallel)
 * @param cannedRender          null for real renders; else every render is canned: it takes this long, its progress
 *                              rising linearly, and answers with one prepared small MP4 (rendered once, reused)
 */
public record EmulatorOptions(String host, int port, Path dataDir, Clock clock, Duration tokenLifetime,
                              Duration tokenRateLimitWindow, int startingCredits, int instructionCost,
                              long maxFileBytes, Duration sseEventDelay, Duration keepAliveInterval,
                              SseDialect dialect, boolean silent, PollShape pollShape, RenderEngine renderEngine,
                              Duration slowRenderDelay, int renderConcurrency, Duration cannedRender) {

    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;

    public EmulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(tokenRateLimitWindow, "tokenRateLimitWindow");
        Objects.requireNonNull(sseEventDelay, "sseEventDelay");
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(pollShape, "pollShape");
        Objects.requireNonNull(slowRenderDelay, "slowRenderDelay");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (renderConcurrency < 1) {
            throw new IllegalArgumentException("renderConcurrency must be at least 1, got " + renderConcurrency);
        }
        if (cannedRender != null && cannedRender.isNegative()) {
            throw new IllegalArgumentException("cannedRender must not be negative, got " + cannedRender);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the vendor-like defaults; tests usually shorten {@code sseEventDelay}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofDays(7);
        private Duration tokenRateLimitWindow = Duration.ofDays(7);
        private int startingCredits = 100;
        private int instructionCost = 8;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private Duration sseEventDelay = Duration.ofMillis(400);
        private Duration keepAliveInterval = Duration.ofSeconds(5);
        private SseDialect dialect = SseDialect.AGENT;
        private boolean silent;
        private PollShape pollShape = PollShape.SUCCESS;
        private RenderEngine renderEngine;
        private Duration slowRenderDelay = Duration.ofSeconds(20);
        private int renderConcurrency = 3;
        private Duration cannedRender;

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder tokenLifetime(Duration v) { tokenLifetime = v; return this; }
        public Builder tokenRateLimitWindow(Duration v) { tokenRateLimitWindow = v; return this; }
        public Builder startingCredits(int v) { startingCredits = v; return this; }
        public Builder instructionCost(int v) { instructionCost = v; return this; }
        public Builder maxFileBytes(long v) { maxFileBytes = v; return this; }
        public Builder sseEventDelay(Duration v) { sseEventDelay = v; return this; }
        public Builder keepAliveInterval(Duration v) { keepAliveInterval = v; return this; }
        public Builder dialect(SseDialect v) { dialect = v; return this; }
        public Builder silent(boolean v) { silent = v; return this; }
        public Builder pollShape(PollShape v) { pollShape = v; return this; }
        public Builder renderEngine(RenderEngine v) { renderEngine = v; return this; }
        public Builder slowRenderDelay(Duration v) { slowRenderDelay = v; return this; }
        public Builder renderConcurrency(int v) { renderConcurrency = v; return this; }
        public Builder cannedRender(Duration v) { cannedRender = v; return this; }

        public EmulatorOptions build() {
            return new EmulatorOptions(host, port, dataDir, clock, tokenLifetime, tokenRateLimitWindow,
                    startingCredits, instructionCost, maxFileBytes, sseEventDelay, keepAliveInterval, dialect,
                    silent, pollShape, renderEngine, slowRenderDelay, renderConcurrency, cannedRender);
        }
    }
}
