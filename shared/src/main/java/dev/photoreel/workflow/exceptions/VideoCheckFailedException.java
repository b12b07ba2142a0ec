package dev.photoreel.workflow.exceptions;

/** Permanent: the stored video is not an MP4 with a duration above zero, or its key is taken by another job. */
public class VideoCheckFailedException extends WorkflowException {
    public VideoCheckFailedException(String message) {
        super(message);
    }

    public VideoCheckFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
