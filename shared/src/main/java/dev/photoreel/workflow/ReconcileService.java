package dev.photoreel.workflow;

import dev.photoreel.config.Environment;
import dev.photoreel.workflow.ExecutionStatusReader.ExecutionStatus;
import dev.photoreel.workflow.exceptions.NotificationInProgressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled backstop: (a) sends the notifications still pending after the state machine's own tries,
 * (b) fails, with a notification, the jobs still open past their deadline whose execution is no longer
 * running, and (c) starts the upload folders that have files but no job (their S3 event was lost), through
 * the intake's public API, and (d) delivers the webhooks left PENDING by an attempt that confirmed the SNS message and
 * died before delivering, once its claim is older than {@link NotificationService#CLAIM_LEASE}. A revision
 * ({@code <jobId>-r<N>}) is an item of its own in the index, so each version is settled and notified once; a final
 * one also ends the revision on its job if a crash left it running. Pending and open jobs come from the sparse {@code PendingJobs} index (a Query,
 * never a Scan). Every notification goes through the same claim as Notify Success/Failure and the guard,
 * so none is ever sent twice. One job's trouble never stops the run: it is logged, counted and retried on
 * the next run.
 */
public final class ReconcileService {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileService.class);

    private final JobRepository jobs;
    private final JobOutcomeService outcomes;
    private final NotificationService notifications;
    private final ExecutionStatusReader executions;
    private final MediaStore media;
    private final IntakeService intake;
    private final Settings settings;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WorkflowMetrics metrics;

    /**
     * @param notifyAfter      a final job's notification is the state machine's for this long (its retries), then ours
     * @param jobDeadline      an open job older than this is stuck (the state machine's root TimeoutSeconds)
     * @param lostUploadAfter  a folder without a job whose newest file is older than this lost its event
     * @param batch            at most this many jobs of each kind per run
     */
    public record Settings(Duration notifyAfter, Duration jobDeadline, Duration lostUploadAfter, int batch) {

        /** The variables ReconcileJobs' template entry sets: no default here. */
        public static final List<String> REQUIRED = List.of("RECONCILE_NOTIFY_AFTER_SECONDS", "JOB_DEADLINE_SECONDS",
                "LOST_UPLOAD_AFTER_SECONDS", "RECONCILE_BATCH");

        /** From {@code RECONCILE_NOTIFY_AFTER_SECONDS}, {@code JOB_DEADLINE_SECONDS}, {@code LOST_UPLOAD_AFTER_SECONDS}, {@code RECONCILE_BATCH}. */
        public static Settings fromMap(Map<String, String> env) {
            return from(new Environment(env));
        }

        public static Settings from(Environment env) {
            return new Settings(env.requiredSeconds("RECONCILE_NOTIFY_AFTER_SECONDS", 0), env.requiredSeconds("JOB_DEADLINE_SECONDS", 1),
                    env.requiredSeconds("LOST_UPLOAD_AFTER_SECONDS", 0), env.requiredInt("RECONCILE_BATCH", 1));
        }
    }

    /** What one run did. */
    public record Report(int notificationsSent, int notificationsInProgress, int stuckJobsFailed, int stillRunning,
                         int lostUploadsStarted, int errors, int webhooksDelivered) {
    }

    public ReconcileService(JobRepository jobs, JobOutcomeService outcomes, NotificationService notifications,
                            ExecutionStatusReader executions, MediaStore media, IntakeService intake, Settings settings,
                            WorkflowConfig config, Clock clock, WorkflowMetrics metrics) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.notifications = notifications;
        this.executions = executions;
        this.media = media;
        this.intake = intake;
        this.settings = settings;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    private final class Run {
        final String claimant;
        int sent;
        int inProgress;
        int stuck;
        int running;
        int started;
        int errors;
        int webhooks;

        Run(String claimant) {
            this.claimant = claimant;
        }

        Report report() {
            return new Report(sent, inProgress, stuck, running, started, errors, webhooks);
        }
    }

    public Report reconcile(String claimant) {
        Run run = new Run(claimant);
        Instant now = clock.instant();
        for (String jobId : jobs.findPending(JobRepository.Pending.NOTIFY, now.minus(settings.notifyAfter()), settings.batch())) {
            guarded(run, jobId, () -> sendPending(run, jobId));
        }
        for (String jobId : jobs.findPending(JobRepository.Pending.OPEN, now.minus(settings.jobDeadline()), settings.batch())) {
            guarded(run, jobId, () -> settleStuck(run, jobId));
        }
        for (String jobId : jobs.findPending(JobRepository.Pending.WEBHOOK, now.minus(NotificationService.CLAIM_LEASE), settings.batch())) {
            guarded(run, jobId, () -> deliverWebhook(run, jobId));
        }
        startLostUploads(run, now);
        Report report = run.report();
        LOG.atInfo().addKeyValue("notificationsSent", report.notificationsSent())
                .addKeyValue("notificationsInProgress", report.notificationsInProgress())
                .addKeyValue("stuckJobsFailed", report.stuckJobsFailed()).addKeyValue("stillRunning", report.stillRunning())
                .addKeyValue("lostUploadsStarted", report.lostUploadsStarted()).addKeyValue("webhooksDelivered", report.webhooksDelivered())
                .addKeyValue("errors", report.errors())
                .log("reconciled");
        return report;
    }

    private void sendPending(Run run, String jobId) {
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty() || !job.get().status().isFinal()) {
            return;
        }
        outcomes.endRevision(job.get());
        notifyOnce(run, jobId);
    }

    private void deliverWebhook(Run run, String jobId) {
        if (notifications.deliverPendingWebhook(jobId, run.claimant)) {
            run.webhooks++;
            metrics.reconcilerAction("WebhookDelivered");
            LOG.atInfo().addKeyValue("jobId", jobId).log("pending webhook delivered");
        }
    }

    private void settleStuck(Run run, String jobId) {
        Optional<Job> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return;
        }
        Job job = found.get();
        if (!job.status().isFinal()) {
            Optional<ExecutionStatus> status = executions.status(jobId);
            if (status.isPresent() && status.get() == ExecutionStatus.RUNNING) {
                run.running++;
                LOG.atWarn().addKeyValue("jobId", jobId).log("job past its deadline but its execution still runs: left to it");
                return;
            }
            ExecutionOutcomes.Failure failure = ExecutionOutcomes.forLostExecution(status.map(Enum::name).orElse(null), job);
            JobOutcomeService.Outcome outcome = outcomes.failWith(jobId, failure.code(), failure.message());
            if (failure.code().equals(outcome.code())) {
                run.stuck++;
                metrics.reconcilerAction("StuckJobFailed");
                LOG.atWarn().addKeyValue("jobId", jobId).addKeyValue("errorCode", failure.code())
                        .addKeyValue("executionStatus", status.map(Enum::name).orElse("NONE")).log("stuck job failed");
            }
        }
        notifyOnce(run, jobId);
    }

    private void notifyOnce(Run run, String jobId) {
        try {
            NotificationService.NotificationResult result = notifications.notify(jobId, run.claimant);
            if (result.alreadyNotified()) {
                // a webhook still PENDING (a repeated final transition put the job back as NOTIFY) is delivered, not dropped
                if (notifications.deliverPendingWebhook(jobId, run.claimant)) {
                    run.webhooks++;
                }
                jobs.clearPending(jobId);
                return;
            }
            run.sent++;
            metrics.reconcilerAction("NotificationResent");
            LOG.atInfo().addKeyValue("jobId", jobId).log("pending notification sent");
        } catch (NotificationInProgressException e) {
            run.inProgress++;
        }
    }

    private void startLostUploads(Run run, Instant now) {
        String uploads = config.uploadsPrefix();
        List<String> folders;
        try {
            folders = media.folders(uploads);
        } catch (RuntimeException e) {
            error(run, null, e);
            return;
        }
        for (String folder : folders) {
            guarded(run, null, () -> {
                if (jobs.findPrefix(folder).isPresent()) {
                    return;
                }
                Optional<MediaStore.StoredObject> newest = media.list(folder).stream()
                        .filter(o -> !o.key().endsWith("/"))
                        .max(Comparator.comparing(MediaStore.StoredObject::lastModified));
                if (newest.isEmpty() || newest.get().lastModified().isAfter(now.minus(settings.lostUploadAfter()))) {
                    return;
                }
                MediaStore.StoredObject object = newest.get();
                IntakeService.IntakeResult result = intake.accept(new IntakeService.UploadEvent(config.mediaBucket(), object.key(),
                        object.size(), object.eTag(), null, object.lastModified()));
                if (result.jobId() != null) {
                    run.started++;
                    metrics.reconcilerAction("LostUploadStarted");
                    LOG.atWarn().addKeyValue("jobId", result.jobId()).addKeyValue("prefix", folder)
                            .log("upload folder without a job started (its S3 event was lost)");
                }
            });
        }
    }

    private void guarded(Run run, String jobId, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            error(run, jobId, e);
        }
    }

    private void error(Run run, String jobId, RuntimeException e) {
        run.errors++;
        metrics.reconcilerAction("Error");
        LOG.atWarn().addKeyValue("jobId", jobId).addKeyValue("error", e.getClass().getName())
                .addKeyValue("message", e.getMessage()).log("reconciling failed; the next run tries again");
    }
}
