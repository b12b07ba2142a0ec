package dev.photoreel.workflow.exceptions;

/** Transient: another attempt holds a fresh claim on this job's notification; retry after the claim lease. */
public class NotificationInProgressException extends WorkflowException {
    public NotificationInProgressException(String message) {
        super(message);
    }

    public NotificationInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
