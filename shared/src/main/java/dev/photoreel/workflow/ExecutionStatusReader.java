package dev.photoreel.workflow;

import java.util.Optional;

/** Reads the state of this state machine's executions. */
public interface ExecutionStatusReader {

    /** An execution's status as Step Functions names it ({@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, ...). */
    enum ExecutionStatus { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE }

    /** The status of the execution named {@code executionName}; empty when no such execution exists. */
    Optional<ExecutionStatus> status(String executionName);
}
