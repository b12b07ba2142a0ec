package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.NotificationInProgressException;
import dev.photoreel.workflow.webhook.WebhookService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes exactly one SNS message per job outcome, also under Step Functions retries and redrives.
 *
 * <p>The job item carries the notification state: a claim (claimant + time) written before the
 * publish, and {@code notifiedAt} + the message id written after it. A finished notification is never
 * sent again. A publish that fails releases the claim so the retry can send. The one window left is
 * a crash (timeout, out of memory) after SNS accepted the message and before {@code notifiedAt} was
 * written: a retry then finds a stale claim (older than {@link #CLAIM_LEASE}) and publishes again,
 * so a subscriber may see a duplicate in that window, but never no message. A retry that finds a
 * fresh claim of another attempt throws {@link NotificationInProgressException}, retried by the
 * state machine after the lease.
 *
 * <p>A job with a {@code callbackUrl} also gets a webhook, sent by the attempt that confirmed the SNS message and
 * only by it (under the same claim), so Notify, the guard and the reconciler racing send it once per outcome. It
 * goes out after the confirmation and never fails the notification; a crash between the two loses the webhook
 * (SNS has it), it is not sent twice.
 */
public final class NotificationService {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(120);
    private static final int MAX_SUBJECT = 100;

    private final JobRepository jobs;
    private final MediaStore media;
    private final Notifier notifier;
    private final WorkflowConfig config;
    private final Clock clock;
    private final ObjectMapper mapper = Json.MAPPER;

    private final String apiBaseUrl;
    private final WebhookService webhooks;

    public NotificationService(JobRepository jobs, MediaStore media, Notifier notifier, WorkflowConfig config, Clock clock) {
        this(jobs, media, notifier, config, clock, null);
    }

    public NotificationService(JobRepository jobs, MediaStore media, Notifier notifier, WorkflowConfig config, Clock clock, String apiBaseUrl) {
        this(jobs, media, notifier, config, clock, apiBaseUrl, null);
    }

    /**
     * With {@code apiBaseUrl} (the jobs API's base URL, {@code API_BASE_URL}), a completed job's notification also
     * carries the stable {@code <api>/jobs/<id>/video} link, which outlives the presigned one. With {@code webhooks},
     * a job with a {@code callbackUrl} also gets the webhook (null: no webhooks).
     */
    public NotificationService(JobRepository jobs, MediaStore media, Notifier notifier, WorkflowConfig config, Clock clock, String apiBaseUrl,
                               WebhookService webhooks) {
        this.webhooks = webhooks;
        this.jobs = jobs;
        this.media = media;
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
        this.apiBaseUrl = apiBaseUrl == null || apiBaseUrl.isBlank() ? null : apiBaseUrl.replaceAll("/+$", "");
    }

    /** {@code $.notification}: the message id, or that it was sent before. */
    public record NotificationResult(String messageId, boolean alreadyNotified) {
    }

    public NotificationResult notify(String jobId, String claimant) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        if (!job.status().isFinal()) {
            throw new JobStateConflictException("job " + jobId + " is " + job.status() + ", not finished: nothing to notify yet");
        }
        if (job.text(JobAttributes.NOTIFIED_AT) != null) {
            return new NotificationResult(job.text(JobAttributes.NOTIFICATION_MESSAGE_ID), true);
        }
        Instant now = clock.instant();
        switch (jobs.claimNotification(jobId, claimant, now, CLAIM_LEASE)) {
            case ALREADY_SENT -> {
                Job sent = jobs.find(jobId).orElse(job);
                return new NotificationResult(sent.text(JobAttributes.NOTIFICATION_MESSAGE_ID), true);
            }
            case HELD_BY_ANOTHER -> throw new NotificationInProgressException("another attempt is publishing the"
                    + " notification of job " + jobId + "; retry after " + CLAIM_LEASE.toSeconds() + " s");
            case CLAIMED -> {
                // go on
            }
        }
        String messageId;
        String body;
        try {
            body = body(job);
            messageId = notifier.publish(subject(job), body, Map.of("status", job.status().name(), "jobId", jobId));
        } catch (RuntimeException e) {
            jobs.releaseNotification(jobId, claimant);
            throw e;
        }
        jobs.confirmNotification(jobId, claimant, messageId, clock.instant());
        LOG.atInfo().addKeyValue("messageId", messageId).addKeyValue("status", job.status().name()).log("user notified");
        if (webhooks != null) {
            webhooks.deliver(job, body);
        }
        return new NotificationResult(messageId, false);
    }

    String subject(Job job) {
        String name = job.text(JobAttributes.TITLE) != null ? job.text(JobAttributes.TITLE) : job.jobName();
        String text = job.status() == JobStatus.COMPLETED
                ? "photoreel: your video \"" + name + "\" is ready"
                : "photoreel: job \"" + name + "\" failed";
        // SNS subjects: ASCII, no line breaks, at most 100 characters
        String ascii = text.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() > MAX_SUBJECT ? ascii.substring(0, MAX_SUBJECT - 3) + "..." : ascii;
    }

    String body(Job job) {
        ObjectNode body = mapper.createObjectNode();
        body.put("jobId", job.jobId());
        body.put("status", job.status().name());
        body.put("folder", job.prefix());
        if (job.text(JobAttributes.TITLE) != null) {
            body.put("title", job.text(JobAttributes.TITLE));
        }
        if (job.status() == JobStatus.COMPLETED) {
            String key = job.text(JobAttributes.VIDEO_KEY);
            ObjectNode video = body.putObject("video");
            video.put("bucket", job.bucket());
            video.put("key", key);
            video.put("url", media.presignGet(key, config.linkExpiry()).toString());
            video.put("urlExpiresAt", clock.instant().plus(config.linkExpiry()).toString());
            if (apiBaseUrl != null) {
                video.put("link", apiBaseUrl + "/jobs/" + job.jobId() + "/video");
            }
            video.put("durationSeconds", job.doubleValue(JobAttributes.DURATION_SECONDS));
            video.put("sizeBytes", job.longValue(JobAttributes.SIZE_BYTES));
            if (job.text(JobAttributes.POSTER_KEY) != null) {
                video.put("posterKey", job.text(JobAttributes.POSTER_KEY));
                video.put("posterUrl", media.presignGet(job.text(JobAttributes.POSTER_KEY), config.linkExpiry()).toString());
            }
            body.put("timeline", job.text(JobAttributes.TIMELINE_SUMMARY));
            rendererFields(job, body);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("code", job.text(JobAttributes.ERROR_CODE));
            error.put("message", job.text(JobAttributes.ERROR_MESSAGE));
        }
        return body.toString();
    }

    /**
     * Which backend made the video and why: {@code renderer}, {@code rendererReason} (ffmpeg only) and, for ffmpeg,
     * {@code ignoredWords}: the instruction's words it did not act on.
     */
    private void rendererFields(Job job, ObjectNode body) {
        String renderer = job.text(JobAttributes.RENDERER);
        if (renderer == null) {
            return;
        }
        body.put("renderer", renderer);
        if (job.text(JobAttributes.RENDERER_REASON) != null) {
            body.put("rendererReason", job.text(JobAttributes.RENDERER_REASON));
        }
        if (JobManifest.RENDERER_FFMPEG.equals(renderer)) {
            var ignored = body.putArray("ignoredWords");
            String words = job.text(JobAttributes.IGNORED_WORDS);
            if (words != null && !words.isBlank()) {
                for (String word : words.split(" ")) {
                    ignored.add(word);
                }
            }
        }
    }
}
