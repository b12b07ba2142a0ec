package dev.photoreel.workflow.exceptions;

/** Permanent: the uploads or job.json are invalid; the message names the file or field and what is allowed. */
public class JobValidationException extends WorkflowException {
    public JobValidationException(String message) {
        super(message);
    }

    public JobValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
