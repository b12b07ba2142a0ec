package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.ExecutionStarter;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/** {@link ExecutionStarter} on Step Functions; an existing execution of the same name counts as started. */
public final class SfnExecutionStarter implements ExecutionStarter {

    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnExecutionStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public boolean start(String name, String inputJson) {
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(inputJson));
            return true;
        } catch (ExecutionAlreadyExistsException e) {
            return false;
        }
    }
}
