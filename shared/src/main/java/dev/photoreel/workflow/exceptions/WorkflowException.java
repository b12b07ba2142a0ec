package dev.photoreel.workflow.exceptions;

/**
 * Base of photoreel's own workflow errors. The state machine routes on the concrete classes' fully
 * qualified names, so never rename them. Messages say what went wrong and what a person can do.
 */
public abstract class WorkflowException extends RuntimeException {
    protected WorkflowException(String message) {
        super(message);
    }

    protected WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
