package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.NotificationInProgressException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard on every execution: when one ends FAILED, TIMED_OUT or ABORTED (EventBridge tells), the job's
 * item becomes final and its one notification goes out, whatever stopped the execution. Idempotent with the
 * state machine's own Catch path: a job that is already final keeps its outcome, and the notification goes
 * through the same claim as Fail Job and the reconciler, so it is sent at most once.
 */
public final class GuardService {

    private static final Logger LOG = LoggerFactory.getLogger(GuardService.class);
    private static final Set<String> GUARDED = Set.of("FAILED", "TIMED_OUT", "ABORTED");
    /** A later revision's execution: {@code <jobId>-r<N>}. */
    private static final Pattern REVISION = Pattern.compile("^(.+)-r\\d+$");

    private final JobRepository jobs;
    private final JobOutcomeService outcomes;
    private final NotificationService notifications;
    private final WorkflowMetrics metrics;
    private final ObjectMapper mapper = Json.MAPPER;

    public GuardService(JobRepository jobs, JobOutcomeService outcomes, NotificationService notifications, WorkflowMetrics metrics) {
        this.jobs = jobs;
        this.outcomes = outcomes;
        this.notifications = notifications;
        this.metrics = metrics;
    }

    /** The parts of a Step Functions status-change event the guard reads. */
    public record ExecutionEnded(String executionArn, String name, String status, String input, String error) {
    }

    /** What the guard did. */
    public record GuardResult(String jobId, Action action, String status, String errorCode) {
        public enum Action { IGNORED, ALREADY_SETTLED, MARKED_FAILED, NOTIFIED, NOTIFICATION_IN_PROGRESS }
    }

    public GuardResult onExecutionEnded(ExecutionEnded event, String claimant) {
        String status = event.status() == null ? "" : event.status();
        if (!GUARDED.contains(status)) {
            return ignored(null, "status " + status + " needs no guard", status);
        }
        Optional<Job> found = jobOf(event);
        if (found.isEmpty()) {
            return ignored(null, "no job for execution " + event.name(), status);
        }
        Job job = found.get();
        boolean marked = false;
        if (!job.status().isFinal()) {
            ExecutionOutcomes.Failure failure = ExecutionOutcomes.forStatus(status, event.error(), job);
            JobOutcomeService.Outcome outcome = outcomes.failWith(job.jobId(), failure.code(), failure.message());
            marked = JobStatus.FAILED.name().equals(outcome.status()) && failure.code().equals(outcome.code());
            if (marked) {
                metrics.guardAction("JobMarkedFailed");
            }
            job = jobs.find(job.jobId()).orElse(job);
        }
        String code = job.errorCode();
        if (job.notifiedAt() != null) {
            return result(job, marked ? GuardResult.Action.MARKED_FAILED : GuardResult.Action.ALREADY_SETTLED, status, code);
        }
        try {
            NotificationService.NotificationResult sent = notifications.notify(job.jobId(), claimant);
            if (sent.alreadyNotified()) {
                return result(job, marked ? GuardResult.Action.MARKED_FAILED : GuardResult.Action.ALREADY_SETTLED, status, code);
            }
        } catch (NotificationInProgressException e) {
            // Fail Job (or the reconciler) holds the claim; if it fails, the job stays pending for the reconciler
            return result(job, GuardResult.Action.NOTIFICATION_IN_PROGRESS, status, code);
        }
        metrics.guardAction("NotificationSent");
        return result(job, GuardResult.Action.NOTIFIED, status, code);
    }

    /** The job of an execution: the input's {@code jobId}, else the execution name (a revision's without its suffix). */
    Optional<Job> jobOf(ExecutionEnded event) {
        String fromInput = jobIdFromInput(event.input());
        if (fromInput != null) {
            Optional<Job> job = jobs.find(fromInput);
            if (job.isPresent()) {
                return job;
            }
        }
        String name = event.name();
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Optional<Job> job = jobs.find(name);
        if (job.isPresent()) {
            return job;
        }
        Matcher revision = REVISION.matcher(name);
        return revision.matches() ? jobs.find(revision.group(1)) : Optional.empty();
    }

    private String jobIdFromInput(String input) {
        if (input == null || input.isBlank()) {
            return null;
        }
        try {
            JsonNode id = mapper.readTree(input).path("jobId");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private GuardResult ignored(String jobId, String reason, String status) {
        LOG.atInfo().addKeyValue("reason", reason).addKeyValue("status", status).log("execution needs no guard");
        return new GuardResult(jobId, GuardResult.Action.IGNORED, status, null);
    }

    private GuardResult result(Job job, GuardResult.Action action, String status, String code) {
        LOG.atInfo().addKeyValue("action", action.name()).addKeyValue("executionStatus", status)
                .addKeyValue("errorCode", code).log("execution guarded");
        return new GuardResult(job.jobId(), action, status, code);
    }
}
