package dev.photoreel.workflow.exceptions;

/** Permanent: the vendor reported the render (export) as failed. */
public class RenderFailedException extends WorkflowException {
    public RenderFailedException(String message) {
        super(message);
    }

    public RenderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
