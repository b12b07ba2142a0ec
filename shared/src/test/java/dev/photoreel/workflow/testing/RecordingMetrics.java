package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.FailureDescriber;
import dev.photoreel.workflow.WorkflowMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records metric calls as strings like {@code jobFailed:INVALID_INPUT:USER}. */
public final class RecordingMetrics implements WorkflowMetrics {

    public final List<String> recorded = new ArrayList<>();

    @Override
    public void jobStarted() {
        recorded.add("jobStarted");
    }

    @Override
    public void jobCompleted(Duration total) {
        recorded.add("jobCompleted");
    }

    @Override
    public void jobFailed(String errorCode, FailureDescriber.FixedBy fixedBy) {
        recorded.add("jobFailed:" + errorCode + ":" + fixedBy);
    }

    @Override
    public void stageDuration(String stage, Duration duration) {
        recorded.add("stage:" + stage);
    }

    @Override
    public void vendorError(String errorType) {
        recorded.add("vendorError:" + errorType);
    }

    @Override
    public void guardAction(String action) {
        recorded.add("guardAction:" + action);
    }

    @Override
    public void reconcilerAction(String action) {
        recorded.add("reconcilerAction:" + action);
    }
}
