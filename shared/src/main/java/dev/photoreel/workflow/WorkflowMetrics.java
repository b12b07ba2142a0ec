package dev.photoreel.workflow;

import java.time.Duration;

/** The workflow's metrics (EMF in Lambda). */
public interface WorkflowMetrics {

    void jobStarted();

    void jobCompleted(Duration total);

    /**
     * A job failed with {@code errorCode}; {@code fixedBy} says whose it is to fix ({@link FailureDescriber#fixedBy}):
     * the operator's are alarmed, the user's are not.
     */
    void jobFailed(String errorCode, FailureDescriber.FixedBy fixedBy);

    void stageDuration(String stage, Duration duration);

    void vendorError(String errorType);

    /**
     * GuardExecution repaired a job after its execution ended outside the Catch path ({@code JobMarkedFailed},
     * {@code NotificationSent}): metric {@code GuardActions}, alarmed.
     */
    default void guardAction(String action) {
    }

    /**
     * ReconcileJobs repaired something ({@code NotificationResent}, {@code StuckJobFailed},
     * {@code LostUploadStarted}) or could not ({@code Error}): metric {@code ReconcilerActions}, alarmed.
     */
    default void reconcilerAction(String action) {
    }

    /** Writes the metrics recorded so far (EMF: one log line); called once per invocation. */
    default void flush() {
    }

    WorkflowMetrics NONE = new WorkflowMetrics() {
        @Override
        public void jobStarted() {
        }

        @Override
        public void jobCompleted(Duration total) {
        }

        @Override
        public void jobFailed(String errorCode, FailureDescriber.FixedBy fixedBy) {
        }

        @Override
        public void stageDuration(String stage, Duration duration) {
        }

        @Override
        public void vendorError(String errorType) {
        }
    };
}
