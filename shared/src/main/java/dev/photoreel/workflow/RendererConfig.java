package dev.photoreel.workflow;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import java.util.List;
import java.util.Map;

/**
 * Which backend renders a job when {@code job.json} does not say, and what a vendor job costs, from the
 * environment {@code template.yaml} sets (its Globals: every function builds this at cold start).
 *
 * @param defaultRenderer  {@code DEFAULT_RENDERER}: {@value JobManifest#RENDERER_NEMOVIDEO} or
 *                         {@value JobManifest#RENDERER_FFMPEG} (the template parameter {@code DefaultRenderer})
 * @param creditsPerJob    {@code VENDOR_CREDITS_PER_JOB}: the credits a vendor job spends (one instruction; the
 *                         vendor charges 8 per instruction); Authenticate Vendor refuses a job the balance cannot pay
 */
public record RendererConfig(String defaultRenderer, long creditsPerJob) {

    public static final String DEFAULT_RENDERER = "DEFAULT_RENDERER";
    public static final String VENDOR_CREDITS_PER_JOB = "VENDOR_CREDITS_PER_JOB";
    /** Both variables: no default here, template.yaml's Globals state them. */
    public static final List<String> REQUIRED = List.of(DEFAULT_RENDERER, VENDOR_CREDITS_PER_JOB);

    public RendererConfig {
        if (!JobManifest.RENDERERS.contains(defaultRenderer)) {
            throw ConfigurationException.invalid(DEFAULT_RENDERER, "is '" + defaultRenderer + "', not one of "
                    + String.join(", ", JobManifest.RENDERERS));
        }
        if (creditsPerJob < 0) {
            throw ConfigurationException.invalid(VENDOR_CREDITS_PER_JOB, "is " + creditsPerJob + ", out of range: it must be at least 0");
        }
    }

    public static RendererConfig fromEnvironment() {
        return from(Environment.system());
    }

    public static RendererConfig fromMap(Map<String, String> env) {
        return from(new Environment(env));
    }

    public static RendererConfig from(Environment env) {
        return new RendererConfig(env.requiredOneOf(DEFAULT_RENDERER, JobManifest.RENDERERS),
                env.requiredLong(VENDOR_CREDITS_PER_JOB, 0, Long.MAX_VALUE));
    }
}
