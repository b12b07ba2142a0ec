package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** photoreel's own template.yaml, read the way the local stack reads it. */
class PhotoreelTemplateLocalTest {

    private static SamTemplate template() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        return SamTemplate.read(root.resolve("template.yaml"), Map.of("NemoClientId", PhotoreelStack.LOCAL_CLIENT_ID));
    }

    @Test
    void everyFunction_hasAHandlerInTheFunctionsPackageAndTheSharedEnvironment() throws Exception {
        List<FunctionSpec> functions = template().functions();

        assertTrue(functions.size() >= 14, "functions: " + functions.size());
        for (FunctionSpec function : functions) {
            assertTrue(function.handlerClass().matches("dev\\.photoreel\\.functions\\.[A-Z][A-Za-z]+Handler"), function.handlerClass());
            assertEquals(function.logicalId().replace("Function", "Handler"), function.handlerClass().substring("dev.photoreel.functions.".length()));
            assertTrue(function.environment().containsKey("JOBS_TABLE"), function.logicalId());
            assertEquals(PhotoreelStack.LOCAL_CLIENT_ID, function.environment().get("NEMO_CLIENT_ID"));
        }
        FunctionSpec startJob = functions.stream().filter(f -> f.logicalId().equals("StartJobFunction")).findFirst().orElseThrow();
        assertEquals(startJob.environment().get("STATE_MACHINE_ARN"), template().stateMachineArn());
    }

    @Test
    void webhookSecret_isAGeneratedSecret_thatTheNotifyingFunctionsNameByItsLocalName() throws Exception {
        SamTemplate template = template();

        assertEquals(List.of(new SamTemplate.SecretSpec("WebhookSigningSecret", SamTemplate.STACK_NAME + "-WebhookSigningSecret", 48, true)),
                template.secrets());
        for (String id : List.of("NotifyUserFunction", "FailJobFunction", "GuardExecutionFunction", "ReconcileJobsFunction")) {
            FunctionSpec function = template.functions().stream().filter(f -> f.logicalId().equals(id)).findFirst().orElseThrow();
            assertEquals(SamTemplate.STACK_NAME + "-WebhookSigningSecret", function.environment().get("WEBHOOK_SECRET_ARN"), id);
        }
    }

    @Test
    void stateMachine_isTheYamlDefinitionAsJson_withEverySubstitutionResolvedToALocalFunctionArn() throws Exception {
        String definition = template().stateMachine().definition();

        JsonNode states = Json.MAPPER.readTree(definition).path("States");
        assertFalse(definition.contains("${"), "unresolved substitution");
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:CheckUploadsFunction:live",
                states.path("Check Uploads").path("Resource").asText());
        assertEquals(2, states.path("Check Uploads").path("Retry").get(0).path("BackoffRate").asInt(), "numbers stay numbers");
        assertTrue(states.path("Job Failed").isObject());
    }

    @Test
    void uploads_reachStartJobThroughTheIntakeQueue_scopedToUploads_withPartialBatchFailuresAndADeadLetterQueue() throws Exception {
        List<SamTemplate.QueueNotification> notifications = template().queueNotifications();
        List<SamTemplate.SqsEventSource> sources = template().sqsEventSources();

        assertEquals(1, notifications.size());
        assertEquals("uploads/", notifications.get(0).prefix());
        assertEquals(1, sources.size());
        assertEquals("StartJobFunction", sources.get(0).functionLogicalId());
        assertEquals(notifications.get(0).queueLogicalId(), sources.get(0).queueLogicalId());
        assertTrue(sources.get(0).reportsBatchItemFailures());
        SamTemplate.QueueSpec intake = template().queues().stream().filter(q -> q.logicalId().equals(sources.get(0).queueLogicalId()))
                .findFirst().orElseThrow();
        assertTrue(intake.deadLetterQueueLogicalId() != null && intake.maxReceiveCount() > 1, intake.toString());
        FunctionSpec startJob = template().functions().stream().filter(f -> f.logicalId().equals("StartJobFunction")).findFirst().orElseThrow();
        assertTrue(intake.visibilityTimeoutSeconds() >= 6 * startJob.timeoutSeconds(),
                "AWS advises a visibility timeout of at least six times the consumer's timeout");
    }
}
