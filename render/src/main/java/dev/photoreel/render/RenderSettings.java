package dev.photoreel.render;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import java.time.Duration;
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

    /**
     * The defaults, overridden by {@code PHOTOREEL_RENDER_PRESET}, {@code _CRF}, {@code _TIMEOUT_SECONDS} when set. These
     * are overrides of the engine's own encoding, not deployment settings: the engine also renders for the local tools
     * (the emulator, the bench), which no template configures. The render function's template sets the timeout (below
     * its Lambda timeout).
     */
    public static RenderSettings fromEnvironment() {
        return fromEnvironment(Environment.system());
    }

    static RenderSettings fromEnvironment(Environment env) {
        RenderSettings d = defaults();
        String preset = env.optional(PRESET_ENV).orElse(d.x264Preset());
        if (!preset.matches("[a-z]+")) {
            throw ConfigurationException.invalidOverride(PRESET_ENV, "is '" + preset + "', not an x264 preset name like veryfast");
        }
        int crf = env.optionalInt(CRF_ENV, 0, 51).orElse(d.crf());
        int timeoutSeconds = env.optionalInt(TIMEOUT_ENV, 1, Integer.MAX_VALUE).orElse((int) d.timeout().toSeconds());
        return new RenderSettings(preset, crf, d.audioBitrateKbps(), Duration.ofSeconds(timeoutSeconds));
    }

    public RenderSettings withTimeout(Duration newTimeout) {
        return new RenderSettings(x264Preset, crf, audioBitrateKbps, newTimeout);
    }

    public RenderSettings withPreset(String newPreset) {
        return new RenderSettings(newPreset, crf, audioBitrateKbps, timeout);
    }
}
