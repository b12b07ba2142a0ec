package dev.photoreel.workflow;

import java.util.Locale;

/**
 * The error code and the message a person can act on for a job whose execution ended outside the
 * state machine's own Catch path (seen by the guard) or was lost (seen by the reconciler).
 */
final class ExecutionOutcomes {

    static final String FAILED = "EXECUTION_FAILED";
    static final String TIMED_OUT = "EXECUTION_TIMED_OUT";
    static final String ABORTED = "EXECUTION_ABORTED";
    static final String LOST = "EXECUTION_LOST";

    record Failure(String code, String message) {
    }

    private ExecutionOutcomes() {
    }

    /** For an execution that ended with {@code status} ({@code FAILED}, {@code TIMED_OUT}, {@code ABORTED}). */
    static Failure forStatus(String status, String error, Job job) {
        String again = retryAdvice(job);
        return switch (status.toUpperCase(Locale.ROOT)) {
            case "TIMED_OUT" -> new Failure(TIMED_OUT, "the job ran past the workflow's time limit and was stopped before"
                    + " it finished. " + again + " If it happens again, try fewer or smaller images.");
            case "ABORTED" -> new Failure(ABORTED, "the job was stopped by an operator before it finished. " + again);
            default -> new Failure(FAILED, "the workflow stopped on an error it could not handle"
                    + (error == null || error.isBlank() ? "" : " (" + error + ")") + ". " + again
                    + " If it happens again, contact the operator with job id " + job.jobId() + ".");
        };
    }

    /** For an open job past its deadline whose execution is not running ({@code status} null: none exists). */
    static Failure forLostExecution(String status, Job job) {
        if (status != null && !status.equals("SUCCEEDED") && !status.equals("PENDING_REDRIVE")) {
            return forStatus(status, null, job);
        }
        return new Failure(LOST, "the job's workflow " + (status == null ? "never started or is gone" : "ended (" + status + ")")
                + " without finishing the job. " + retryAdvice(job));
    }

    private static String retryAdvice(Job job) {
        String folder = job.prefix() == null ? "its upload folder" : job.prefix();
        return "Nothing was changed in " + folder + "; upload any file to it again (job.json, for example) to start a new"
                + " job over the folder.";
    }
}
