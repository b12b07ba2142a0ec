package dev.photoreel.workflow;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration from the environment variables {@code template.yaml} sets, read once at cold start.
 * Required variables are checked when a function asks for them ({@link #require}), so each function
 * fails fast naming the one it misses, and functions that do not need a variable do not need it set.
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

    public static WorkflowConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    public static WorkflowConfig fromMap(Map<String, String> env) {
        Env e = new Env(env);
        int quiet = e.integer("QUIET_PERIOD_SECONDS", 60, 0);
        int uploadCheck = e.integer("UPLOAD_CHECK_SECONDS", 15, 1);
        int poll = e.integer("POLL_INTERVAL_SECONDS", 30, 1);
        int renderTimeout = e.integer("RENDER_TIMEOUT_SECONDS", 1800, 1);
        int draftCheck = e.integer("DRAFT_CHECK_SECONDS", 10, 1);
        int maxUploadChecks = e.integer("MAX_UPLOAD_CHECKS", 120, 1);
        int maxDraftChecks = e.integer("MAX_DRAFT_CHECKS", 30, 1);
        int minPoll = Math.min(poll, e.integer("MIN_POLL_SECONDS", 2, 1));
        JobSettings settings = new JobSettings(quiet, uploadCheck, poll, renderTimeout, draftCheck,
                maxUploadChecks, maxDraftChecks, maxRenderPolls(renderTimeout, poll, minPoll), minPoll);
        return new WorkflowConfig(
                e.text("JOBS_TABLE", null),
                e.text("MEDIA_BUCKET", null),
                withSlash(e.text("UPLOADS_PREFIX", "uploads/")),
                withSlash(e.text("VIDEOS_PREFIX", "videos/")),
                e.text("TOPIC_ARN", null),
                e.text("STATE_MACHINE_ARN", null),
                e.text("NEMO_TOKEN_SECRET_ARN", null),
                e.longValue("MAX_FILE_BYTES", 209_715_200L, 1),
                e.integer("MAX_IMAGES", 50, 1),
                settings,
                Duration.ofSeconds(e.integer("LINK_EXPIRY_SECONDS", 604_800, 1)),
                Duration.ofSeconds(e.integer("UPLOAD_URL_EXPIRY_SECONDS", 3600, 60)),
                Duration.ofSeconds(e.integer("STREAM_MARGIN_SECONDS", 30, 0)),
                Duration.ofDays(e.integer("JOB_TTL_DAYS", 90, 1)),
                e.longValue("MAX_IMAGE_PIXELS", 100_000_000L, 1),
                e.integer("MAX_GIF_FRAMES", 500, 1),
                Duration.ofSeconds(e.integer("UPLOAD_SETTLE_SECONDS", 0, 0)));
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

    /** The value of a required variable; fails naming it when it is unset. */
    public static String require(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable
                    + " is not set: template.yaml must set it for this function");
        }
        return value;
    }

    public String requireJobsTable() {
        return require(jobsTable, "JOBS_TABLE");
    }

    public String requireMediaBucket() {
        return require(mediaBucket, "MEDIA_BUCKET");
    }

    public String requireTopicArn() {
        return require(topicArn, "TOPIC_ARN");
    }

    public String requireStateMachineArn() {
        return require(stateMachineArn, "STATE_MACHINE_ARN");
    }

    public Optional<String> tokenSecret() {
        return Optional.ofNullable(tokenSecretArn).filter(s -> !s.isBlank());
    }

    private static String withSlash(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private record Env(Map<String, String> env) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        long longValue(String name, long fallback, long min) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed < min) {
                    throw new IllegalStateException("environment variable " + name + " must be at least " + min + ", got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException ex) {
                throw new IllegalStateException("environment variable " + name + " must be a whole number, got '" + value + "'");
            }
        }

        int integer(String name, int fallback, int min) {
            return Math.toIntExact(longValue(name, fallback, min));
        }
    }
}
