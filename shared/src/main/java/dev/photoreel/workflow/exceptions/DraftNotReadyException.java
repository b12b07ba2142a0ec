package dev.photoreel.workflow.exceptions;

/**
 * Permanent: the vendor produced no exportable draft within the draft-ready loop's bound (named by the state machine's
 * "Draft Checks Exhausted" Pass), or the draft is no longer exportable when the render is submitted (thrown).
 */
public class DraftNotReadyException extends WorkflowException {
    public DraftNotReadyException(String message) {
        super(message);
    }

    public DraftNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
