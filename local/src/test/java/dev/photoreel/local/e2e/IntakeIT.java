package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.photoreel.local.stack.PhotoreelStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** S3 delivers events at least once; manifests can be wrong. */
class IntakeIT {

    @BeforeEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void sameS3EventDeliveredThreeTimes_makesOneExecutionOneVideoOneNotification() {
        PhotoreelStack stack = E2eStack.stack();
        E2eJob job = E2eJob.named("twice").photos("seaside", 2).manifest("{}").upload();
        String manifestKey = job.prefix() + "job.json";
        String event = E2eJob.poll(() -> stack.deliveredMessages("StartJobFunction").stream().filter(b -> b.contains(manifestKey.replace("/", "%2F"))
                || b.contains(manifestKey)).findFirst(), Duration.ofSeconds(30), "the job.json event was never delivered");
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl("IntakeQueue")).messageBody(event));
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl("IntakeQueue")).messageBody(event));

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        E2eJob.poll(() -> stack.deliveredMessages("StartJobFunction").stream().filter(event::equals).skip(2).findFirst(), Duration.ofSeconds(30),
                "the repeated events were not all delivered");
        List<String> executions = stack.aws().sfn().listExecutions(b -> b.stateMachineArn(stack.stateMachineArn())).executions().stream()
                .map(e -> e.name()).filter(name -> name.startsWith(outcome.jobId())).toList();
        assertEquals(List.of(outcome.jobId()), executions, "one execution, named after the job");
        assertEquals(1, stack.aws().s3().listObjectsV2(b -> b.bucket(stack.bucket()).prefix("videos/")).contents().stream()
                .filter(o -> o.key().contains(outcome.jobId().replaceAll("-\\d+$", ""))).count(), "one video");
        E2eJob.assertOneNotification(outcome.jobId());
        job.assertInputsUntouched();
    }

    @Test
    void jobJsonWithABadField_failsNamingTheFieldAndTheAllowedValues() {
        E2eJob job = E2eJob.named("badfield").photos("city", 1).manifest("{\"aspectRatio\": \"4:3\"}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "INVALID_INPUT", "aspectRatio");
        job.assertInputsUntouched();
    }

    @Test
    void jobJsonThatIsNotJson_failsSayingSo() {
        E2eJob job = E2eJob.named("notjson").photos("city", 1).manifest("{\"instruction\": ").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "INVALID_INPUT", "job.json");
        job.assertInputsUntouched();
    }
}
