package dev.photoreel.workflow.exceptions;

/** Permanent: the vendor produced no exportable draft within the draft-ready loop's bound. */
public class DraftNotReadyException extends WorkflowException {
    public DraftNotReadyException(String message) {
        super(message);
    }

    public DraftNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
