package dev.photoreel.workflow.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a job outcome to the job's {@code callbackUrl}: the SNS message's JSON plus {@code eventId}
 * ({@code <jobId>:<status>}, stable per outcome), signed (see {@link WebhookSignature}), retried by {@link WebhookPolicy}.
 * It never throws: the SNS notification is the contract, the webhook a courtesy. The result is recorded on the job
 * item ({@code webhook = DELIVERED|FAILED}, replacing PENDING and taking the job off the pending index; attempts, last HTTP status or error) and logged without the secret,
 * the signature or the URL's path and query.
 */
public final class WebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    public static final String EVENT_ID_HEADER = "Photoreel-Event-Id";
    public static final String TIMESTAMP_HEADER = "Photoreel-Timestamp";
    public static final String SIGNATURE_HEADER = "Photoreel-Signature";

    /** {@code webhook} on the job item. */
    public enum Result { DELIVERED, FAILED }

    /** What one delivery came to. {@code lastStatus} is empty when no attempt got a response. */
    public record Outcome(Result result, int attempts, OptionalInt lastStatus, String error) {
    }

    private final JobRepository jobs;
    private final WebhookSender sender;
    private final Supplier<String> secret;
    private final WebhookPolicy policy;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final Clock clock;
    private final ObjectMapper mapper = Json.MAPPER;

    /**
     * @param secret the signing secret; read when the first webhook is sent (a failure to read it fails that
     *               delivery, not the notification)
     * @param jitter draws in [0, 1) for the backoff jitter
     */
    public WebhookService(JobRepository jobs, WebhookSender sender, Supplier<String> secret, WebhookPolicy policy, Sleeper sleeper,
                          DoubleSupplier jitter, Clock clock) {
        this.jobs = jobs;
        this.sender = sender;
        this.secret = secret;
        this.policy = policy;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.clock = clock;
    }

    /** The stable id of a job outcome: {@code <jobId>:<status>}, and {@code <jobId>:v<N>:<status>} for a revision's. */
    public static String eventId(Job job) {
        return job.isRevision()
                ? job.rootJobId() + ":v" + job.version() + ":" + job.status().name()
                : job.jobId() + ":" + job.status().name();
    }

    /** Sends {@code notificationBody} (the SNS message) plus {@code eventId} to the job's callbackUrl, if it has one. */
    public Optional<Outcome> deliver(Job job, String notificationBody) {
        String url = job.callbackUrl();
        if (url == null) {
            return Optional.empty();
        }
        String eventId = eventId(job);
        Outcome outcome;
        try {
            outcome = attempt(new URI(url), eventId, body(notificationBody, eventId));
        } catch (java.net.URISyntaxException e) {
            // not the exception's message: it quotes the whole URL, whose query may hold the receiver's token
            outcome = new Outcome(Result.FAILED, 0, OptionalInt.empty(), "the stored callbackUrl is not a valid URI");
        } catch (RuntimeException e) {
            // e.g. the secret could not be read: the notification stands, the webhook is recorded as failed
            outcome = new Outcome(Result.FAILED, 0, OptionalInt.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        record(job.jobId(), eventId, outcome);
        var log = (outcome.result() == Result.DELIVERED ? LOG.atInfo() : LOG.atWarn())
                .addKeyValue("eventId", eventId).addKeyValue("webhook", outcome.result().name()).addKeyValue("attempts", outcome.attempts())
                .addKeyValue("host", host(url));
        if (outcome.lastStatus().isPresent()) {
            log = log.addKeyValue("lastStatus", outcome.lastStatus().getAsInt());
        }
        if (outcome.error() != null) {
            log = log.addKeyValue("error", outcome.error());
        }
        log.log(outcome.result() == Result.DELIVERED ? "webhook delivered" : "webhook failed");
        return Optional.of(outcome);
    }

    private Outcome attempt(URI url, String eventId, String body) {
        String key = secret.get();
        OptionalInt lastStatus = OptionalInt.empty();
        String error = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(EVENT_ID_HEADER, eventId);
            headers.put(TIMESTAMP_HEADER, String.valueOf(timestamp));
            headers.put(SIGNATURE_HEADER, WebhookSignature.sign(key, timestamp, body));
            boolean retry;
            try {
                int status = sender.post(url, headers, body);
                lastStatus = OptionalInt.of(status);
                error = null;
                if (WebhookPolicy.succeeded(status)) {
                    return new Outcome(Result.DELIVERED, attempt, lastStatus, null);
                }
                retry = WebhookPolicy.retryable(status);
                error = "HTTP " + status;
            } catch (IOException e) {
                lastStatus = OptionalInt.empty();
                error = e.getClass().getSimpleName();
                retry = true;
            }
            if (!retry) {
                return new Outcome(Result.FAILED, attempt, lastStatus, error + " (not retried)");
            }
            if (attempt < policy.maxAttempts()) {
                try {
                    sleeper.sleep(policy.delayAfter(attempt, jitter.getAsDouble()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome(Result.FAILED, attempt, lastStatus, error + " (interrupted)");
                }
            }
        }
        return new Outcome(Result.FAILED, policy.maxAttempts(), lastStatus, error + " (gave up after " + policy.maxAttempts() + " attempts)");
    }

    /** Only the host is logged: a URL's path or query may carry the receiver's own token. */
    private static String host(String url) {
        try {
            return new URI(url).getHost();
        } catch (java.net.URISyntaxException e) {
            return "(unparsable URL)";
        }
    }

    private String body(String notificationBody, String eventId) {
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(notificationBody);
            node.put("eventId", eventId);
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the notification body is not JSON", e);
        }
    }

    private void record(String jobId, String eventId, Outcome outcome) {
        String error = outcome.error() == null || outcome.error().length() <= 300 ? outcome.error() : outcome.error().substring(0, 300);
        try {
            jobs.recordWebhookOutcome(jobId, new JobRepository.WebhookOutcome(outcome.result().name(), eventId, outcome.attempts(),
                    outcome.lastStatus(), error), clock.instant());
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("eventId", eventId).addKeyValue("error", e.toString()).log("could not record the webhook outcome");
        }
    }
}
