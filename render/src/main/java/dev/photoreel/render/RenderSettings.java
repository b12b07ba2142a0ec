package dev.photoreel.render;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link FfmpegRenderEngine} encodes.
 *
 * @param x264Preset        libx264 preset ({@code veryfast} by default: a few images at 1080p render in seconds)
 * @param crf               libx264 constant rate factor (lower is better quality; 20 by default)
 * @param audioBitrateKbps  AAC bitrate
 * @param timeout           how long one ffmpeg run may take before it is killed
 */
public record RenderSettings(String x264Preset, int crf, int audioBitrateKbps, Duration timeout) {

    public static final String PRESET_ENV = "PHOTOREEL_RENDER_PRESET";
    public static final String CRF_ENV = "PHOTOREEL_RENDER_CRF";
    public static final String TIMEOUT_ENV = "PHOTOREEL_RENDER_TIMEOUT_SECONDS";

    public RenderSettings {
        Objects.requireNonNull(x264Preset, "x264Preset");
        Objects.requireNonNull(timeout, "timeout");
        if (!x264Preset.matches("[a-z]+")) {
            throw new IllegalArgumentException("x264 preset must be a preset name like veryfast, got " + x264Preset);
        }
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("crf must be between 0 and 51, got " + crf);
        }
        if (audioBitrateKbps <= 0) {
            throw new IllegalArgumentException("audio bitrate must be positive, got " + audioBitrateKbps);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** veryfast, crf 20, 160 kb/s audio, 10 minute timeout. */
    public static RenderSettings defaults() {
        return new RenderSettings("veryfast", 20, 160, Duration.ofMinutes(10));
    }

    /** The defaults, overridden by {@code PHOTOREEL_RENDER_PRESET}, {@code _CRF}, {@code _TIMEOUT_SECONDS} when set. */
    public static RenderSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static RenderSettings fromEnvironment(Map<String, String> env) {
        RenderSettings d = defaults();
        String preset = env.getOrDefault(PRESET_ENV, d.x264Preset()).trim();
        int crf = intValue(env, CRF_ENV, d.crf());
        int timeoutSeconds = intValue(env, TIMEOUT_ENV, (int) d.timeout().toSeconds());
        return new RenderSettings(preset, crf, d.audioBitrateKbps(), Duration.ofSeconds(timeoutSeconds));
    }

    public RenderSettings withTimeout(Duration newTimeout) {
        return new RenderSettings(x264Preset, crf, audioBitrateKbps, newTimeout);
    }

    public RenderSettings withPreset(String newPreset) {
        return new RenderSettings(newPreset, crf, audioBitrateKbps, timeout);
    }

    private static int intValue(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
