package dev.photoreel.workflow.exceptions;

/** Permanent: the job is already in a later or final state; a stale writer loses. */
public class JobStateConflictException extends WorkflowException {
    public JobStateConflictException(String message) {
        super(message);
    }

    public JobStateConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
