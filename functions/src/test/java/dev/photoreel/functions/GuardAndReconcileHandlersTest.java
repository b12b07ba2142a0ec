package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.ReconcileService;
import dev.photoreel.workflow.testing.Fixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardAndReconcileHandlersTest {

    private final Fixture f = new Fixture(Map.of("MEDIA_BUCKET", "photoreel-123456789012-media"));

    @Test
    void guard_readsTheEventBridgeEvent_marksTheJobFailed_andNotifiesOnce() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        ObjectNode event = Events.load("guard-execution.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("name", jobId);
        detail.put("input", "{\"jobId\":\"" + jobId + "\"}");

        JsonNode result = Events.invoke(new GuardExecutionHandler(f.guard(), f.metrics), event);

        assertEquals("NOTIFIED", result.path("action").asText());
        assertEquals("EXECUTION_ABORTED", f.jobs.find(jobId).orElseThrow().errorCode());
        assertEquals("ALREADY_SETTLED", Events.invoke(new GuardExecutionHandler(f.guard(), f.metrics), event).path("action").asText());
        assertEquals(1, f.notifier.messages.size());
    }

    @Test
    void reconciler_runsOnTheScheduledEvent_andReportsWhatItDid() {
        String jobId = f.jobIn(JobStatus.VALIDATING);
        f.advance(Duration.ofHours(4));
        ReconcileService reconciler = f.reconciler(new ReconcileService.Settings(Duration.ofMinutes(15), Duration.ofHours(3),
                Duration.ofMinutes(10), 100));

        JsonNode report = Events.invoke(new ReconcileJobsHandler(reconciler, f.metrics), Events.load("reconcile-jobs.json"));

        assertEquals(1, report.path("stuckJobsFailed").asInt());
        assertEquals(1, report.path("notificationsSent").asInt());
        assertEquals(JobStatus.FAILED, f.jobs.find(jobId).orElseThrow().status());
    }
}
