package dev.photoreel.workflow;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration from the environment variables {@code template.yaml} sets, read once at cold start through
 * {@link Environment}. The variables in {@link #REQUIRED} have no default here (the template's Globals state them, once)
 * and a missing or malformed one fails the function at cold start with a {@link ConfigurationException} naming it.
 * {@code TOPIC_ARN} and {@code STATE_MACHINE_ARN} are set only for the functions that notify or start executions:
 * they are checked when a function asks for them ({@link #requireTopicArn}, {@link #requireStateMachineArn}).
 * {@code NEMO_TOKEN_SECRET_ARN} is optional: empty means tokens are minted.
 */
public record WorkflowConfig(
        String jobsTable,
        String mediaBucket,
        String uploadsPrefix,
        String videosPrefix,
        String topicArn,
        String stateMachineArn,
        String tokenSecretArn,
        long maxFileBytes,
        int maxImages,
        JobSettings settings,
        Duration linkExpiry,
        Duration uploadUrlExpiry,
        Duration streamMargin,
        Duration jobTtl,
        long maxImagePixels,
        int maxGifFrames,
        Duration uploadSettle) {

    public static final String DEFAULT_INSTRUCTION =
            "turn my images into a smooth video with transitions and background music";

    public static final String TOPIC_ARN = "TOPIC_ARN";
    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";
    public static final String NEMO_TOKEN_SECRET_ARN = "NEMO_TOKEN_SECRET_ARN";

    /** The variables every function that reads this configuration needs (template.yaml's Globals set them). */
    public static final List<String> REQUIRED = List.of("JOBS_TABLE", "MEDIA_BUCKET", "UPLOADS_PREFIX", "VIDEOS_PREFIX",
            "QUIET_PERIOD_SECONDS", "UPLOAD_CHECK_SECONDS", "POLL_INTERVAL_SECONDS", "RENDER_TIMEOUT_SECONDS", "DRAFT_CHECK_SECONDS",
            "MAX_UPLOAD_CHECKS", "MAX_DRAFT_CHECKS", "MIN_POLL_SECONDS", "MAX_FILE_BYTES", "MAX_IMAGES", "LINK_EXPIRY_SECONDS",
            "UPLOAD_URL_EXPIRY_SECONDS", "STREAM_MARGIN_SECONDS", "JOB_TTL_DAYS", "MAX_IMAGE_PIXELS", "MAX_GIF_FRAMES");

    public static WorkflowConfig fromEnvironment() {
        return from(Environment.system());
    }

    public static WorkflowConfig fromMap(Map<String, String> env) {
        return from(new Environment(env));
    }

    public static WorkflowConfig from(Environment e) {
        int poll = e.requiredInt("POLL_INTERVAL_SECONDS", 1);
        int renderTimeout = e.requiredInt("RENDER_TIMEOUT_SECONDS", 1);
        int minPoll = Math.min(poll, e.requiredInt("MIN_POLL_SECONDS", 1));
        JobSettings settings = new JobSettings(e.requiredInt("QUIET_PERIOD_SECONDS", 0), e.requiredInt("UPLOAD_CHECK_SECONDS", 1),
                poll, renderTimeout, e.requiredInt("DRAFT_CHECK_SECONDS", 1), e.requiredInt("MAX_UPLOAD_CHECKS", 1),
                e.requiredInt("MAX_DRAFT_CHECKS", 1), maxRenderPolls(renderTimeout, poll, minPoll), minPoll);
        return new WorkflowConfig(
                e.required("JOBS_TABLE"),
                e.required("MEDIA_BUCKET"),
                withSlash(e.required("UPLOADS_PREFIX")),
                withSlash(e.required("VIDEOS_PREFIX")),
                e.optional(TOPIC_ARN).orElse(null),
                e.optional(STATE_MACHINE_ARN).orElse(null),
                e.optional(NEMO_TOKEN_SECRET_ARN).orElse(null),
                e.requiredLong("MAX_FILE_BYTES", 1, Long.MAX_VALUE),
                e.requiredInt("MAX_IMAGES", 1),
                settings,
                e.requiredSeconds("LINK_EXPIRY_SECONDS", 1),
                e.requiredSeconds("UPLOAD_URL_EXPIRY_SECONDS", 60),
                e.requiredSeconds("STREAM_MARGIN_SECONDS", 0),
                Duration.ofDays(e.requiredInt("JOB_TTL_DAYS", 1)),
                e.requiredLong("MAX_IMAGE_PIXELS", 1, Long.MAX_VALUE),
                e.requiredInt("MAX_GIF_FRAMES", 1),
                e.requiredSeconds("UPLOAD_SETTLE_SECONDS", 0));
    }

    /**
     * Polls near the estimated finish the progress-based schedule may add to the fixed interval's count.
     * Every poll that does not advance the progress doubles the next wait, so a render needs this many only
     * when its progress keeps advancing in small steps right at the estimate.
     */
    public static final int EXTRA_PROGRESS_POLLS = 20;

    /**
     * The bound of the render loop: the polls of the fixed interval within the timeout, plus
     * {@link #EXTRA_PROGRESS_POLLS} when the progress-based schedule can poll sooner than the interval.
     */
    public static int maxRenderPolls(int renderTimeoutSeconds, int pollIntervalSeconds, int minPollSeconds) {
        int fixed = (renderTimeoutSeconds + pollIntervalSeconds - 1) / pollIntervalSeconds + 1;
        return minPollSeconds < pollIntervalSeconds ? fixed + EXTRA_PROGRESS_POLLS : fixed;
    }

    /**
     * The value of a variable only some functions need, read at cold start and required on first use.
     *
     * @throws ConfigurationException naming the variable when it is unset
     */
    public static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw ConfigurationException.missing(variable);
        }
        return value;
    }

    public String requireTopicArn() {
        return require(topicArn, TOPIC_ARN);
    }

    public String requireStateMachineArn() {
        return require(stateMachineArn, STATE_MACHINE_ARN);
    }

    public Optional<String> tokenSecret() {
        return Optional.ofNullable(tokenSecretArn).filter(s -> !s.isBlank());
    }

    private static String withSlash(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
