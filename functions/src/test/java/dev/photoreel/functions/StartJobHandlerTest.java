package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.testing.Fixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartJobHandlerTest {

    private final Fixture f = new Fixture(java.util.Map.of("MEDIA_BUCKET", "photoreel-123456789012-media"));
    private final StartJobHandler handler = new StartJobHandler(f.intake(), f.metrics);

    @Test
    void parse_decodesPlusAndPercentEscapes() {
        var events = StartJobHandler.parse(Events.load("start-job.json"));
        assertEquals(1, events.size());
        assertEquals("uploads/summer-trip/beach day été.jpg", events.get(0).key());
        assertEquals("0065F2A1B2C3D4E5F6", events.get(0).sequencer());
        assertEquals(1048576, events.get(0).size());
        assertEquals("photoreel-123456789012-media", events.get(0).bucket());
    }

    @Test
    void handleRequest_sampleEvent_startsOneExecutionNamedAfterTheJob() {
        JsonNode out = Events.invoke(handler, Events.load("start-job.json"));

        JsonNode record = out.path("records").get(0);
        assertEquals("STARTED", record.path("outcome").asText());
        String jobId = record.path("jobId").asText();
        assertTrue(jobId.matches("summer-trip-[0-9a-f]{8}-1"), jobId);
        assertEquals(List.of(jobId), List.copyOf(f.executions.executions.keySet()));
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals("uploads/summer-trip/", job.prefix());
    }

    @Test
    void handleRequest_redeliveredEvent_isANoOp() {
        Events.invoke(handler, Events.load("start-job.json"));
        JsonNode again = Events.invoke(handler, Events.load("start-job.json"));

        assertEquals("DUPLICATE", again.path("records").get(0).path("outcome").asText());
        assertEquals(1, f.executions.executions.size());
        assertEquals(1, f.jobs.jobCount());
    }

    @Test
    void handleRequest_outputKeysAndOtherEvents_areIgnored() {
        ObjectNode event = Events.load("start-job.json");
        ArrayNode records = (ArrayNode) event.path("Records");
        ObjectNode video = records.get(0).deepCopy();
        ((ObjectNode) video.path("s3").path("object")).put("key", "videos/summer-trip-1.mp4");
        ObjectNode removed = records.get(0).deepCopy();
        removed.put("eventName", "ObjectRemoved:Delete");
        records.removeAll();
        records.add(video);
        records.add(removed);

        JsonNode out = Events.invoke(handler, event);

        assertEquals(1, out.path("records").size());
        assertEquals("IGNORED", out.path("records").get(0).path("outcome").asText());
        assertEquals(0, f.executions.calls);
    }
}
