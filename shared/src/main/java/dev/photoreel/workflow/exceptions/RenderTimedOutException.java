package dev.photoreel.workflow.exceptions;

/**
 * Permanent: the render did not finish within the render timeout. No step throws it: the state machine's "Render
 * Time Exhausted" Pass names it, and the failure step describes it from the state.
 */
public class RenderTimedOutException extends WorkflowException {
    public RenderTimedOutException(String message) {
        super(message);
    }

    public RenderTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
