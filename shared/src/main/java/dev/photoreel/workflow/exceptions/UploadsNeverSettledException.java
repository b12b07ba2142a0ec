package dev.photoreel.workflow.exceptions;

/**
 * Permanent: files kept arriving under the prefix for longer than the upload-settling loop allows. No step throws it:
 * the state machine's "Upload Checks Exhausted" Pass names it, and the failure step describes it from the state.
 */
public class UploadsNeverSettledException extends WorkflowException {
    public UploadsNeverSettledException(String message) {
        super(message);
    }

    public UploadsNeverSettledException(String message, Throwable cause) {
        super(message, cause);
    }
}
