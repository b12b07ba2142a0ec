package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.workflow.WorkflowMetrics;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Runs one invocation with Powertools logging (Lambda context fields, JSON layout) and the job id and
 * execution as correlation keys on every log entry; times the stage, counts vendor errors, and
 * flushes the metrics. Exceptions pass through unchanged: the state machine routes on their types.
 */
final class Observed {

    static final String JOB_ID = "jobId";
    static final String EXECUTION = "execution";

    private Observed() {
    }

    static <T> T run(Context context, String jobId, String stage, WorkflowMetrics metrics, Supplier<T> body) {
        return PowertoolsLogging.withLogging(context, () -> {
            if (jobId != null) {
                // the execution is named after the job id (StartJob), so it doubles as the execution name
                MDC.put(JOB_ID, jobId);
                MDC.put(EXECUTION, jobId);
            }
            long start = System.nanoTime();
            try {
                return body.get();
            } catch (NemoException e) {
                metrics.vendorError(e.getClass().getSimpleName());
                throw e;
            } finally {
                metrics.stageDuration(stage, Duration.ofNanos(System.nanoTime() - start));
                metrics.flush();
                MDC.remove(JOB_ID);
                MDC.remove(EXECUTION);
            }
        });
    }
}
