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
 * only by it (under the same claim), so Notify, the guard and the reconciler racing send it once per outcome. The
 * confirmation records {@code webhook = PENDING}, claimed by that attempt, in the same write; the webhook goes out
 * after it and never fails the notification. A crash between the two leaves it PENDING, and the reconciler delivers
 * it ({@link #deliverPendingWebhook}) once the claim is older than {@link #CLAIM_LEASE}.
 *
 * <p>A revision ({@link Revisions}) is notified like a job, on its own item: one message and one webhook per
 * version, naming the job, the version and the version's stable link.
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
        if (job.notifiedAt() != null) {
            return new NotificationResult(job.notificationMessageId(), true);
        }
        Instant now = clock.instant();
        switch (jobs.claimNotification(jobId, claimant, now, CLAIM_LEASE)) {
            case ALREADY_SENT -> {
                Job sent = jobs.find(jobId).orElse(job);
                return new NotificationResult(sent.notificationMessageId(), true);
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
            messageId = notifier.publish(subject(job), body, Map.of("status", job.status().name(), "jobId", job.rootJobId(),
                    "version", String.valueOf(job.version())));
        } catch (RuntimeException e) {
            jobs.releaseNotification(jobId, claimant);
            throw e;
        }
        boolean webhook = webhooks != null && job.callbackUrl() != null;
        jobs.confirmNotification(jobId, claimant, messageId, clock.instant(), webhook);
        LOG.atInfo().addKeyValue("messageId", messageId).addKeyValue("status", job.status().name()).log("user notified");
        // only the attempt whose confirmation recorded the webhook still holds its claim
        if (webhook && jobs.claimWebhook(jobId, claimant, clock.instant(), CLAIM_LEASE)) {
            webhooks.deliver(job, body);
        }
        return new NotificationResult(messageId, false);
    }

    /**
     * Delivers a webhook left PENDING by an attempt that confirmed the SNS message and then died, once its claim is
     * older than {@link #CLAIM_LEASE}. False when there is none to deliver, or another attempt holds it.
     */
    public boolean deliverPendingWebhook(String jobId, String claimant) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        if (webhooks == null || !job.webhookPending()
                || !jobs.claimWebhook(jobId, claimant, clock.instant(), CLAIM_LEASE)) {
            return false;
        }
        webhooks.deliver(job, body(job));
        return true;
    }

    String subject(Job job) {
        String name = job.title() != null ? job.title() : job.jobName();
        String text;
        if (job.isRevision()) {
            text = job.status() == JobStatus.COMPLETED
                    ? "photoreel: version " + job.version() + " of your video \"" + name + "\" is ready"
                    : "photoreel: version " + job.version() + " of \"" + name + "\" failed";
        } else {
            text = job.status() == JobStatus.COMPLETED
                    ? "photoreel: your video \"" + name + "\" is ready"
                    : "photoreel: job \"" + name + "\" failed";
        }
        // SNS subjects: ASCII, no line breaks, at most 100 characters
        String ascii = text.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() > MAX_SUBJECT ? ascii.substring(0, MAX_SUBJECT - 3) + "..." : ascii;
    }

    String body(Job job) {
        ObjectNode body = mapper.createObjectNode();
        String rootJobId = job.rootJobId();
        body.put("jobId", rootJobId);
        body.put("version", job.version());
        body.put("status", job.status().name());
        if (job.isRevision()) {
            body.put("instruction", job.instruction());
        }
        body.put("folder", job.prefix());
        if (job.title() != null) {
            body.put("title", job.title());
        }
        if (job.status() == JobStatus.COMPLETED) {
            String key = job.videoKey();
            ObjectNode video = body.putObject("video");
            video.put("bucket", job.bucket());
            video.put("key", key);
            video.put("url", media.presignGet(key, config.linkExpiry()).toString());
            video.put("urlExpiresAt", clock.instant().plus(config.linkExpiry()).toString());
            if (apiBaseUrl != null) {
                video.put("link", apiBaseUrl + "/jobs/" + rootJobId + "/video"
                        + (job.isRevision() ? "?version=" + job.version() : ""));
            }
            video.put("durationSeconds", job.durationSeconds());
            video.put("sizeBytes", job.sizeBytes());
            if (job.posterKey() != null) {
                video.put("posterKey", job.posterKey());
                video.put("posterUrl", media.presignGet(job.posterKey(), config.linkExpiry()).toString());
            }
            body.put("timeline", job.timelineSummary());
            rendererFields(job, body);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("code", job.errorCode());
            error.put("message", job.errorMessage());
        }
        return body.toString();
    }

    /**
     * Which backend made the video and why: {@code renderer}, {@code rendererReason} (ffmpeg only) and, for ffmpeg,
     * {@code ignoredWords}: the instruction's words it did not act on.
     */
    private void rendererFields(Job job, ObjectNode body) {
        String renderer = job.renderer();
        if (renderer == null) {
            return;
        }
        body.put("renderer", renderer);
        if (job.rendererReason() != null) {
            body.put("rendererReason", job.rendererReason());
        }
        if (JobManifest.RENDERER_FFMPEG.equals(renderer)) {
            var ignored = body.putArray("ignoredWords");
            job.ignoredWords().forEach(ignored::add);
        }
    }
}
