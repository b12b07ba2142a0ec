package dev.photoreel.local.chaos;

import static dev.photoreel.local.chaos.ChaosScenario.completing;

import dev.photoreel.local.emulator.Endpoint;
import dev.photoreel.local.stack.FunctionRuntime.FunctionFault;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.PhotoreelStack;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The faults of the chaos table: on the AWS side (SNS, DynamoDB, Lambda, the intake queue) and the vendor's. */
public final class ChaosScenarios {

    private ChaosScenarios() {
    }

    /**
     * Every fault, each with {@code jobsPerFault} jobs, after a load row of {@code loadFolders} folders uploaded at
     * once with no fault.
     */
    public static List<ChaosScenario> standard(int loadFolders, int jobsPerFault) {
        int j = jobsPerFault;
        return List.of(
                ChaosScenario.noFault("none: " + loadFolders + " folders uploaded at once", loadFolders),
                completing("SNS Publish fails 4 times", j, (stack, vendor) -> stack.faults().failSnsPublish(4)),
                completing("SNS Publish down until the jobs finish, then back", j,
                        (stack, vendor) -> stack.faults().failSnsPublish(Integer.MAX_VALUE))
                        .watching((stack, vendor, jobIds) -> {
                            if (jobIds.size() == j && jobIds.stream().allMatch(id -> finishedWithNotificationPending(stack, id))) {
                                stack.faults().reset();
                            }
                        }),
                completing("DynamoDB throttles the next 12 requests", j, (stack, vendor) -> stack.faults().throttleDynamoDb(12)),
                completing("StartJob crashes on its next 3 invocations", j,
                        (stack, vendor) -> stack.functions().injectFault("StartJobFunction", FunctionFault.CRASH, 3)),
                completing("StartJob crashes until the upload events are in the DLQ", j,
                        (stack, vendor) -> stack.functions().injectFault("StartJobFunction", FunctionFault.CRASH, 1000))
                        .watching((stack, vendor, jobIds) -> {
                            if (deadLetters(stack) >= 3L * j) {
                                stack.functions().clearFaults();
                            }
                        }),
                completing("Check Render crashes once", j,
                        (stack, vendor) -> stack.functions().injectFault("CheckRenderFunction", FunctionFault.CRASH, 1)),
                completing("Check Render times out once", j,
                        (stack, vendor) -> stack.functions().injectFault("CheckRenderFunction", FunctionFault.TIMEOUT, 1))
                        .failingWith("STEP_TIMED_OUT"),
                completing("vendor: the next 3 render polls answer 503", j,
                        (stack, vendor) -> vendor.faults().failNext(Endpoint.RENDER_POLL, 503, 3)),
                completing("vendor dies mid-render (every poll 503): ffmpeg fallback", j,
                        (stack, vendor) -> vendor.faults().failNext(Endpoint.RENDER_POLL, 503, 10_000)),
                completing("vendor dies mid-render, fallback off", j,
                        (stack, vendor) -> vendor.faults().failNext(Endpoint.RENDER_POLL, 503, 10_000))
                        .withManifest("{\"secondsPerImage\": 1, \"fallback\": false}")
                        .failingWith("VENDOR_UNAVAILABLE"));
    }

    /** The job completed, its execution ended (Notify Success gave up on SNS), and its notification is still pending. */
    private static boolean finishedWithNotificationPending(PhotoreelStack stack, String jobId) {
        boolean pending = new JobItems(stack).job(jobId)
                .map(item -> "COMPLETED".equals(JobItems.text(item, "status")) && "PENDING".equals(JobItems.text(item, "notification")))
                .orElse(false);
        if (!pending) {
            return false;
        }
        String execution = stack.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + jobId;
        return stack.aws().sfn().describeExecution(b -> b.executionArn(execution)).status() != ExecutionStatus.RUNNING;
    }

    private static long deadLetters(PhotoreelStack stack) {
        Map<QueueAttributeName, String> attributes = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(stack.queueUrl("IntakeDeadLetterQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
    }
}
