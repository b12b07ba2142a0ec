package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.ExecutionStatusReader;
import dev.photoreel.workflow.GuardService;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.NotificationService;
import dev.photoreel.workflow.webhook.WebhookPolicy;
import dev.photoreel.workflow.webhook.WebhookService;
import dev.photoreel.workflow.ReconcileService;
import dev.photoreel.workflow.RenderService;
import dev.photoreel.workflow.RendererConfig;
import dev.photoreel.workflow.ValidationService;
import dev.photoreel.workflow.VendorTokenService;
import dev.photoreel.workflow.VideoService;
import dev.photoreel.workflow.VideoSource;
import dev.photoreel.workflow.WorkflowConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every fake wired together, with the real services on top: one per test. */
public final class Fixture {

    public static final String BUCKET = "media-bucket";

    public final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    public final InMemoryJobRepository jobs = new InMemoryJobRepository();
    public final FakeMediaStore media = new FakeMediaStore();
    public final FakeNemoApi vendor = new FakeNemoApi();
    public final InMemoryTokenStore tokenStore = new InMemoryTokenStore();
    public final RecordingNotifier notifier = new RecordingNotifier();
    public final RecordingExecutionStarter executions = new RecordingExecutionStarter();
    public final RecordingMetrics metrics = new RecordingMetrics();
    public final Map<URI, byte[]> downloads = new HashMap<>();
    public final List<String> downloadAuth = new ArrayList<>();
    public final VideoSource videoSource = (url, bearer) -> {
        downloadAuth.add(bearer == null ? "none" : "bearer");
        byte[] bytes = downloads.get(url);
        if (bytes == null) {
            throw new java.io.IOException("HTTP 404 for " + url);
        }
        return new ByteArrayInputStream(bytes);
    };
    public final WorkflowConfig config;
    public final RendererConfig renderers;
    public final VendorTokenService tokens;

    public Fixture() {
        this(Map.of());
    }

    public Fixture(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(TestEnvironment.with(Map.of(
                "TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:photoreel", "STATE_MACHINE_ARN",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:photoreel")));
        all.putAll(env);
        config = WorkflowConfig.fromMap(all);
        renderers = RendererConfig.fromMap(all);
        tokens = new VendorTokenService(tokenStore, vendor::mintAnonymousToken, clock, d -> clock.advance(d),
                VendorTokenService.Timing.DEFAULT);
    }

    public IntakeService intake() {
        return new IntakeService(jobs, media, executions, config, clock, metrics, d -> clock.advance(d));
    }

    public ValidationService validation() {
        return new ValidationService(jobs, media, config, renderers, clock);
    }

    public EditingService editing() {
        return new EditingService(jobs, media, vendor, tokens, config, renderers, clock);
    }

    public RenderService render() {
        return new RenderService(jobs, vendor, clock);
    }

    public VideoService video() {
        return new VideoService(jobs, media, vendor, tokens, videoSource, config, clock);
    }

    public JobOutcomeService outcomes() {
        return new JobOutcomeService(jobs, clock, metrics);
    }

    /** The webhook's one secret in tests. */
    public static final String WEBHOOK_SECRET = "test-webhook-secret";
    public final RecordingWebhookSender webhookSender = new RecordingWebhookSender();
    /** The backoff pauses the webhook took (they advance the clock, nothing sleeps). */
    public final List<Duration> webhookPauses = new ArrayList<>();

    public WebhookService webhooks() {
        return new WebhookService(jobs, webhookSender, () -> WEBHOOK_SECRET, WebhookPolicy.DEFAULT, d -> {
            webhookPauses.add(d);
            clock.advance(d);
        }, () -> 0.5, clock);
    }

    public NotificationService notifications() {
        return new NotificationService(jobs, media, notifier, config, clock, null, webhooks());
    }

    public GuardService guard() {
        return new GuardService(jobs, outcomes(), notifications(), metrics);
    }

    /** Execution statuses the reconciler reads (absent: no such execution). */
    public final Map<String, ExecutionStatusReader.ExecutionStatus> executionStatuses = new HashMap<>();

    public ReconcileService reconciler(ReconcileService.Settings settings) {
        return new ReconcileService(jobs, outcomes(), notifications(), name -> java.util.Optional.ofNullable(executionStatuses.get(name)),
                media, intake(), settings, config, clock, metrics);
    }

    /** Creates job {@code <name>-1} for {@code uploads/<name>/} via intake, and returns its id. */
    public String receivedJob(String name, String... files) {
        String jobId = null;
        for (String file : files) {
            jobId = intake().accept(new IntakeService.UploadEvent(config.mediaBucket(), "uploads/" + name + "/" + file, 10, "e",
                    "seq-" + file, clock.instant())).jobId();
        }
        return jobId;
    }

    /** A job already in {@code status}, with files in the store. */
    public String jobIn(JobStatus status) {
        media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/b.png", Samples.png());
        String jobId = receivedJob("trip", "a.jpg", "b.png");
        jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), clock.instant());
        validation().validate(jobId);
        if (status.rank() > JobStatus.VALIDATING.rank() || status == JobStatus.FAILED) {
            jobs.force(jobId, status);
        }
        return jobId;
    }

    public void advance(Duration duration) {
        clock.advance(duration);
    }

    public Instant now() {
        return clock.instant();
    }
}
