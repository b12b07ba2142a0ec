package dev.photoreel.workflow.exceptions;

/** Permanent: files kept arriving under the prefix for longer than the upload-settling loop allows. */
public class UploadsNeverSettledException extends WorkflowException {
    public UploadsNeverSettledException(String message) {
        super(message);
    }

    public UploadsNeverSettledException(String message, Throwable cause) {
        super(message, cause);
    }
}
