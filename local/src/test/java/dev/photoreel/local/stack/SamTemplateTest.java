package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixture-stack/template.yaml");

    @Test
    void functions_mergeGlobalsAndResolveIntrinsicsAgainstLocalNames() throws Exception {
        SamTemplate template = SamTemplate.read(FIXTURE, Map.of("QuietPeriodSeconds", "3"));

        FunctionSpec start = template.functions().stream().filter(f -> f.logicalId().equals("StartFunction")).findFirst().orElseThrow();
        assertEquals("dev.photoreel.local.stack.fixtures.StartHandler", start.handlerClass());
        assertEquals(10, start.timeoutSeconds());
        assertEquals(512, start.memoryMb());
        assertEquals("live", start.alias());
        assertEquals("photoreel-local-JobsTable", start.environment().get("JOBS_TABLE"));
        assertEquals("photoreel-local-media-123456789012", start.environment().get("MEDIA_BUCKET"));
        assertEquals("3", start.environment().get("QUIET"));
        assertEquals("arn:aws:states:us-east-1:123456789012:stateMachine:photoreel-local-Machine", start.environment().get("STATE_MACHINE_ARN"));
        FunctionSpec slow = template.functions().stream().filter(f -> f.logicalId().equals("SlowFunction")).findFirst().orElseThrow();
        assertEquals(2, slow.timeoutSeconds());
        assertEquals("dev.photoreel.local.stack.fixtures.SlowHandler", slow.handlerClass());
    }

    @Test
    void stateMachine_appliesEveryDefinitionSubstitution() throws Exception {
        SamTemplate.StateMachineSpec machine = SamTemplate.read(FIXTURE, Map.of()).stateMachine();

        JsonNode states = Json.MAPPER.readTree(machine.definition()).path("States");
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:EchoFunction:live",
                states.path("Echo").path("Parameters").path("FunctionName").asText());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:SlowFunction", states.path("Slow").path("Resource").asText());
        assertEquals("arn:aws:sns:us-east-1:123456789012:photoreel-local-Topic", states.path("Notify").path("Parameters").path("TopicArn").asText());
        assertFalse(machine.definition().contains("${"));
    }

    @Test
    void uploadsReachTheirFunction_throughTheBucketsQueueNotificationAndAnSqsEventSource() throws Exception {
        SamTemplate template = SamTemplate.read(FIXTURE, Map.of());

        assertEquals(List.of(new SamTemplate.QueueNotification("MediaBucket", "UploadQueue", List.of("s3:ObjectCreated:*"), "uploads/", null)),
                template.queueNotifications());
        assertEquals(List.of(new SamTemplate.SqsEventSource("StartFunction", "UploadQueue", 5, true, 2)), template.sqsEventSources());
        assertEquals(List.of(new SamTemplate.QueueSpec("UploadQueue", "photoreel-local-UploadQueue", 60, "UploadDeadLetters", 3),
                new SamTemplate.QueueSpec("UploadDeadLetters", "photoreel-local-UploadDeadLetters", 30, null, 0)), template.queues());
    }

    @Test
    void read_whenOverridingAnUndeclaredParameter_failsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamTemplate.read(FIXTURE, Map.of("Nope", "1")));

        assertTrue(e.getMessage().contains("Nope"));
    }

    @Test
    void conditionalResources_areLeftOutWhenTheirConditionIsFalse() throws Exception {
        assertTrue(SamTemplate.read(FIXTURE, Map.of()).logicalIds("AWS::SNS::Subscription").isEmpty());
        assertEquals(List.of("EmailSubscription"),
                SamTemplate.read(FIXTURE, Map.of("EmailAddress", "a@example.com")).logicalIds("AWS::SNS::Subscription"));
    }
}
