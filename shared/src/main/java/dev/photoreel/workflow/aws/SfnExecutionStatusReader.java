package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.ExecutionStatusReader;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/** {@link ExecutionStatusReader} on Step Functions' DescribeExecution. */
public final class SfnExecutionStatusReader implements ExecutionStatusReader {

    private final SfnClient sfn;
    private final String executionArnPrefix;

    public SfnExecutionStatusReader(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.executionArnPrefix = executionArnPrefix(stateMachineArn);
    }

    /** {@code arn:...:stateMachine:<name>} to {@code arn:...:execution:<name>:}. */
    static String executionArnPrefix(String stateMachineArn) {
        if (!stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":";
    }

    @Override
    public Optional<ExecutionStatus> status(String executionName) {
        try {
            String status = sfn.describeExecution(b -> b.executionArn(executionArnPrefix + executionName)).statusAsString();
            return Optional.of(ExecutionStatus.valueOf(status));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }
}
