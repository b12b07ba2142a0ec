package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/** The local stand-in for EventBridge: the template's rules and schedules, the event's shape, pattern matching. */
class LocalEventBridgeTest {

    private static SamTemplate template() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        return SamTemplate.read(root.resolve("template.yaml"), Map.of("NemoClientId", PhotoreelStack.LOCAL_CLIENT_ID));
    }

    private static DescribeExecutionResponse execution(String stateMachineArn, String status) {
        String executionArn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":trip-0b53cf43-1";
        return DescribeExecutionResponse.builder().executionArn(executionArn).stateMachineArn(stateMachineArn).name("trip-0b53cf43-1")
                .status(status).startDate(Instant.parse("2026-03-01T10:00:00Z")).stopDate(Instant.parse("2026-03-01T10:05:00.250Z"))
                .input("{\"jobId\":\"trip-0b53cf43-1\"}").error("States.Runtime").cause("boom").build();
    }

    @Test
    void template_declaresTheGuardRuleOnThisStateMachine_andTheReconcilerSchedule() throws Exception {
        SamTemplate template = template();
        List<SamTemplate.EventRule> rules = template.eventRules();
        assertEquals(1, rules.size());
        assertEquals("GuardExecutionFunction", rules.get(0).functionLogicalId());
        Map<?, ?> detail = (Map<?, ?>) rules.get(0).pattern().get("detail");
        assertEquals(List.of(template.stateMachineArn()), detail.get("stateMachineArn"), "the !Ref resolved to the local state machine");
        assertEquals(List.of("FAILED", "TIMED_OUT", "ABORTED"), detail.get("status"));

        List<SamTemplate.ScheduleSpec> schedules = template.schedules();
        assertEquals(1, schedules.size());
        assertEquals("ReconcileJobsFunction", schedules.get(0).functionLogicalId());
        assertTrue(schedules.get(0).enabled());
        assertEquals(Duration.ofMinutes(5), LocalEventBridge.rate(schedules.get(0).expression()));
    }

    @Test
    void notificationTopic_isTheOneTheFunctionsPublishTo_notTheOperationsTopic() throws Exception {
        SamTemplate template = template();
        assertEquals(2, template.topicNames().size());
        assertTrue(template.topicArn().endsWith(":photoreel-local-NotificationTopic"), template.topicArn());
    }

    @Test
    void statusChangeEvent_isShapedLikeEventBridges() throws Exception {
        String machine = template().stateMachineArn();
        ObjectNode event = LocalEventBridge.statusChangeEvent(execution(machine, "ABORTED"));

        assertEquals("Step Functions Execution Status Change", event.path("detail-type").asText());
        assertEquals("aws.states", event.path("source").asText());
        assertEquals("2026-03-01T10:05:00Z", event.path("time").asText());
        JsonNode detail = event.path("detail");
        assertEquals(event.path("resources").get(0).asText(), detail.path("executionArn").asText());
        assertEquals(machine, detail.path("stateMachineArn").asText());
        assertEquals("trip-0b53cf43-1", detail.path("name").asText());
        assertEquals("ABORTED", detail.path("status").asText());
        assertEquals(Instant.parse("2026-03-01T10:00:00Z").toEpochMilli(), detail.path("startDate").asLong());
        assertEquals(Instant.parse("2026-03-01T10:05:00.250Z").toEpochMilli(), detail.path("stopDate").asLong());
        assertEquals("{\"jobId\":\"trip-0b53cf43-1\"}", detail.path("input").asText(), "the input is a JSON string, as EventBridge sends it");
        assertTrue(detail.path("output").isNull());
        assertEquals("States.Runtime", detail.path("error").asText());
        assertEquals("boom", detail.path("cause").asText());
    }

    @Test
    void guardPattern_matchesThisMachinesFailedTimedOutAndAbortedExecutions_only() throws Exception {
        SamTemplate template = template();
        Map<String, Object> pattern = template.eventRules().get(0).pattern();
        String machine = template.stateMachineArn();
        for (String status : List.of("FAILED", "TIMED_OUT", "ABORTED")) {
            assertTrue(LocalEventBridge.EventPattern.matches(pattern, LocalEventBridge.statusChangeEvent(execution(machine, status))), status);
        }
        assertFalse(LocalEventBridge.EventPattern.matches(pattern, LocalEventBridge.statusChangeEvent(execution(machine, "SUCCEEDED"))));
        assertFalse(LocalEventBridge.EventPattern.matches(pattern,
                LocalEventBridge.statusChangeEvent(execution(machine.replace("photoreel-local", "other"), "FAILED"))));
    }

    @Test
    void rate_readsMinutesHoursDays_andRefusesCronWithAHint() {
        assertEquals(Duration.ofMinutes(1), LocalEventBridge.rate("rate(1 minute)"));
        assertEquals(Duration.ofHours(2), LocalEventBridge.rate("rate(2 hours)"));
        IllegalArgumentException cron = assertThrows(IllegalArgumentException.class, () -> LocalEventBridge.rate("cron(0 12 * * ? *)"));
        assertTrue(cron.getMessage().contains("withScheduleInterval"));
    }
}
