package dev.photoreel.workflow;

import dev.photoreel.workflow.exceptions.JobStateConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a job completed or failed, conditionally: a finished job never changes its outcome. A revision item's outcome
 * also ends the revision on its job ({@code runningVersion} removed, {@code latestCompletedVersion} raised when it
 * completed), in every path that finds it final, so a crash between the two writes is repaired by the next caller
 * (the state machine's retry, the guard or the reconciler).
 */
public final class JobOutcomeService {

    private static final Logger LOG = LoggerFactory.getLogger(JobOutcomeService.class);

    private final JobRepository jobs;
    private final Clock clock;
    private final WorkflowMetrics metrics;

    public JobOutcomeService(JobRepository jobs, Clock clock, WorkflowMetrics metrics) {
        this.jobs = jobs;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** {@code $.completion} / {@code $.failure}. */
    public record Outcome(String status, String code, String message) {
    }

    public Outcome complete(String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        if (job.videoKey() == null) {
            throw new JobStateConflictException("job " + jobId + " has no stored video: Store Video must succeed first");
        }
        boolean already = job.status() == JobStatus.COMPLETED;
        Job done = jobs.markCompleted(jobId, clock.instant());
        if (!already) {
            metrics.jobCompleted(since(done, JobStatus.RECEIVED));
            LOG.info("job completed");
        }
        endRevision(done);
        return new Outcome(JobStatus.COMPLETED.name(), null, null);
    }

    /**
     * Marks the job failed with a code and message from the Catch's error. A job that is already
     * completed stays completed (its outcome is reported); one already failed keeps its first reason.
     */
    public Outcome fail(String jobId, String error, String cause) {
        return fail(jobId, error, cause, FailureDescriber.Loops.NONE);
    }

    /**
     * As {@link #fail(String, String, String)}, with what the execution state says about the loops: a loop's error set
     * by the state machine (no step threw it) is described from them ({@link FailureDescriber}).
     */
    public Outcome fail(String jobId, String error, String cause, FailureDescriber.Loops loops) {
        FailureDescriber.Failure failure = FailureDescriber.describe(error, cause, loops);
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        if (job.status() == JobStatus.COMPLETED) {
            LOG.atWarn().addKeyValue("error", error).log("failure reported for a completed job: it stays completed");
            endRevision(job);
            return new Outcome(JobStatus.COMPLETED.name(), null, null);
        }
        if (job.status() == JobStatus.FAILED) {
            endRevision(job);
            return new Outcome(JobStatus.FAILED.name(), job.errorCode(), job.errorMessage());
        }
        endRevision(jobs.markFailed(jobId, failure.code(), failure.message(), clock.instant()));
        metrics.jobFailed(failure.code(), FailureDescriber.fixedBy(failure.code()));
        LOG.atWarn().addKeyValue("errorCode", failure.code()).addKeyValue("error", error).log("job failed");
        return new Outcome(JobStatus.FAILED.name(), failure.code(), failure.message());
    }

    /**
     * Marks a job failed with a code and message of the caller's (the guard, the reconciler), with the same
     * rules as {@link #fail}: a completed job stays completed, a failed one keeps its first reason, and a
     * concurrent change wins over this one.
     */
    public Outcome failWith(String jobId, String code, String message) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        if (job.status().isFinal()) {
            endRevision(job);
            return outcomeOf(job);
        }
        try {
            endRevision(jobs.markFailed(jobId, code, message, clock.instant()));
        } catch (JobStateConflictException raced) {
            Job now = jobs.find(jobId).orElseThrow(() -> raced);
            if (now.status().isFinal()) {
                endRevision(now);
                return outcomeOf(now);
            }
            throw raced;
        }
        metrics.jobFailed(code, FailureDescriber.fixedBy(code));
        LOG.atWarn().addKeyValue("errorCode", code).log("job failed");
        return new Outcome(JobStatus.FAILED.name(), code, message);
    }

    /**
     * For a final revision item: ends the revision on its job if it is still the running one (a no-op otherwise), so
     * the job can be revised again; a completed one becomes the job's latest completed version.
     */
    public void endRevision(Job revision) {
        if (Revisions.end(jobs, revision)) {
            LOG.atInfo().addKeyValue("jobId", revision.rootJobId()).addKeyValue("version", revision.version())
                    .addKeyValue("status", revision.status().name()).log("revision ended");
        }
    }

    private static Outcome outcomeOf(Job job) {
        return job.status() == JobStatus.FAILED
                ? new Outcome(JobStatus.FAILED.name(), job.errorCode(), job.errorMessage())
                : new Outcome(job.status().name(), null, null);
    }

    private Duration since(Job job, JobStatus status) {
        Instant start = job.enteredAt(status);
        return start == null ? Duration.ZERO : Duration.between(start, clock.instant());
    }
}
