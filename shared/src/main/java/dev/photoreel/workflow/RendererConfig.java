package dev.photoreel.workflow;

import java.util.Map;

/**
 * Which backend renders a job when {@code job.json} does not say, and what a vendor job costs, from the
 * environment {@code template.yaml} sets.
 *
 * @param defaultRenderer  {@code DEFAULT_RENDERER}: {@value JobManifest#RENDERER_NEMOVIDEO} (default) or
 *                         {@value JobManifest#RENDERER_FFMPEG} (the template parameter {@code DefaultRenderer})
 * @param creditsPerJob    {@code VENDOR_CREDITS_PER_JOB}: the credits a vendor job spends (one instruction; the
 *                         vendor charges 8 per instruction); Authenticate Vendor refuses a job the balance cannot pay
 */
public record RendererConfig(String defaultRenderer, long creditsPerJob) {

    public static final RendererConfig DEFAULTS = new RendererConfig(JobManifest.RENDERER_NEMOVIDEO, 8);

    public RendererConfig {
        if (!JobManifest.RENDERERS.contains(defaultRenderer)) {
            throw new IllegalStateException("environment variable DEFAULT_RENDERER is '" + defaultRenderer
                    + "'; allowed values: " + String.join(", ", JobManifest.RENDERERS));
        }
        if (creditsPerJob < 0) {
            throw new IllegalStateException("environment variable VENDOR_CREDITS_PER_JOB must be at least 0, got " + creditsPerJob);
        }
    }

    public static RendererConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static RendererConfig fromMap(Map<String, String> env) {
        String renderer = env.getOrDefault("DEFAULT_RENDERER", "");
        String credits = env.getOrDefault("VENDOR_CREDITS_PER_JOB", "");
        long perJob;
        try {
            perJob = credits.isBlank() ? DEFAULTS.creditsPerJob() : Long.parseLong(credits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable VENDOR_CREDITS_PER_JOB must be a whole number, got '" + credits + "'");
        }
        return new RendererConfig(renderer.isBlank() ? DEFAULTS.defaultRenderer() : renderer.trim(), perJob);
    }
}
