package dev.photoreel.workflow.exceptions;

/** Permanent: the render did not finish within the render timeout. */
public class RenderTimedOutException extends WorkflowException {
    public RenderTimedOutException(String message) {
        super(message);
    }

    public RenderTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
