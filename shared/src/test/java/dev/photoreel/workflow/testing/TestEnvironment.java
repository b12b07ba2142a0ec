package dev.photoreel.workflow.testing;

import dev.photoreel.nemo.NemoClientConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A complete environment for tests that build the configuration classes: every variable they require, with the values
 * template.yaml gives them (the configuration classes have no defaults; tests pass what they mean to test over these).
 */
public final class TestEnvironment {

    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("JOBS_TABLE", "jobs"),
            Map.entry("MEDIA_BUCKET", Fixture.BUCKET),
            Map.entry("UPLOADS_PREFIX", "uploads/"),
            Map.entry("VIDEOS_PREFIX", "videos/"),
            Map.entry("QUIET_PERIOD_SECONDS", "60"),
            Map.entry("UPLOAD_CHECK_SECONDS", "15"),
            // the template's 3 s watch makes a check pause; tests that are about it set it themselves
            Map.entry("UPLOAD_SETTLE_SECONDS", "0"),
            Map.entry("MAX_UPLOAD_CHECKS", "120"),
            Map.entry("DRAFT_CHECK_SECONDS", "10"),
            Map.entry("MAX_DRAFT_CHECKS", "30"),
            Map.entry("POLL_INTERVAL_SECONDS", "30"),
            Map.entry("MIN_POLL_SECONDS", "2"),
            Map.entry("RENDER_TIMEOUT_SECONDS", "1800"),
            Map.entry("MAX_FILE_BYTES", "209715200"),
            Map.entry("MAX_IMAGES", "50"),
            Map.entry("MAX_IMAGE_PIXELS", "100000000"),
            Map.entry("MAX_GIF_FRAMES", "500"),
            Map.entry("LINK_EXPIRY_SECONDS", "604800"),
            Map.entry("UPLOAD_URL_EXPIRY_SECONDS", "3600"),
            Map.entry("STREAM_MARGIN_SECONDS", "30"),
            Map.entry("JOB_TTL_DAYS", "90"),
            Map.entry("DEFAULT_RENDERER", "nemovideo"),
            Map.entry("VENDOR_CREDITS_PER_JOB", "8"),
            Map.entry("NEMO_API_BASE", "https://mega-api-prod.nemovideo.ai"),
            Map.entry("NEMO_SKILL_SOURCE", "photoreel"),
            Map.entry("NEMO_SKILL_VERSION", "0.1.0"),
            Map.entry("NEMO_SKILL_PLATFORM", "aws-lambda"),
            Map.entry("NEMO_CONNECT_TIMEOUT_SECONDS", "10"),
            Map.entry("NEMO_REQUEST_TIMEOUT_SECONDS", "30"),
            Map.entry("NEMO_UPLOAD_TIMEOUT_SECONDS", "300"),
            Map.entry("RECONCILE_NOTIFY_AFTER_SECONDS", "900"),
            Map.entry("JOB_DEADLINE_SECONDS", "10800"),
            Map.entry("LOST_UPLOAD_AFTER_SECONDS", "600"),
            Map.entry("RECONCILE_BATCH", "100"));

    private TestEnvironment() {
    }

    /** Every required variable, then {@code overrides} on top. */
    public static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(VARIABLES);
        all.putAll(overrides);
        return all;
    }

    /** Every required variable, without {@code name}. */
    public static Map<String, String> without(String name) {
        Map<String, String> all = new HashMap<>(VARIABLES);
        all.remove(name);
        return all;
    }

    /** The vendor client's configuration for a local server. */
    public static NemoClientConfig nemo(URI baseUrl, String clientId) {
        return NemoClientConfig.fromMap(with(Map.of("NEMO_API_BASE", baseUrl.toString(), "NEMO_CLIENT_ID", clientId)));
    }
}
