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

    private static ObjectNode s3Notification(JsonNode sqsEvent) {
        return (ObjectNode) Json.parse(sqsEvent.path("Records").get(0).path("body").asText());
    }

    private static ObjectNode withBodies(ObjectNode sqsEvent, String... bodies) {
        ArrayNode records = (ArrayNode) sqsEvent.path("Records");
        ObjectNode template = (ObjectNode) records.get(0);
        records.removeAll();
        for (int i = 0; i < bodies.length; i++) {
            ObjectNode message = template.deepCopy();
            message.put("messageId", "message-" + i);
            message.put("body", bodies[i]);
            records.add(message);
        }
        return sqsEvent;
    }

    @Test
    void parse_decodesPlusAndPercentEscapes() {
        var events = StartJobHandler.parse(s3Notification(Events.load("start-job.json")));
        assertEquals(1, events.size());
        assertEquals("uploads/summer-trip/beach day été.jpg", events.get(0).key());
        assertEquals("0065F2A1B2C3D4E5F6", events.get(0).sequencer());
        assertEquals(1048576, events.get(0).size());
        assertEquals("photoreel-123456789012-media", events.get(0).bucket());
    }

    @Test
    void handleRequest_sampleEvent_startsOneExecutionNamedAfterTheJobAndReportsNoFailure() {
        JsonNode out = Events.invoke(handler, Events.load("start-job.json"));

        assertEquals(0, out.path("batchItemFailures").size());
        String jobId = List.copyOf(f.executions.executions.keySet()).get(0);
        assertTrue(jobId.matches("summer-trip-[0-9a-f]{8}-1"), jobId);
        assertEquals(1, f.executions.executions.size());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals("uploads/summer-trip/", job.prefix());
    }

    @Test
    void handleRequest_redeliveredMessage_isANoOp() {
        Events.invoke(handler, Events.load("start-job.json"));
        JsonNode again = Events.invoke(handler, Events.load("start-job.json"));

        assertEquals(0, again.path("batchItemFailures").size());
        assertEquals(1, f.executions.executions.size());
        assertEquals(1, f.jobs.jobCount());
    }

    @Test
    void handleRequest_outputKeysOtherEventsAndTheS3TestEvent_areIgnored() {
        ObjectNode notification = s3Notification(Events.load("start-job.json"));
        ArrayNode records = (ArrayNode) notification.path("Records");
        ObjectNode video = records.get(0).deepCopy();
        ((ObjectNode) video.path("s3").path("object")).put("key", "videos/summer-trip-1.mp4");
        ObjectNode removed = records.get(0).deepCopy();
        removed.put("eventName", "ObjectRemoved:Delete");
        records.removeAll();
        records.add(video);
        records.add(removed);
        String testEvent = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"photoreel-123456789012-media\"}";

        JsonNode out = Events.invoke(handler, withBodies(Events.load("start-job.json"), notification.toString(), testEvent));

        assertEquals(0, out.path("batchItemFailures").size());
        assertEquals(0, f.executions.calls);
        assertEquals(0, f.jobs.jobCount());
    }

    @Test
    void handleRequest_aMessageThatFails_isReportedAloneAsABatchItemFailure() {
        String good = Events.load("start-job.json").path("Records").get(0).path("body").asText();

        JsonNode out = Events.invoke(handler, withBodies(Events.load("start-job.json"), "not json {", good));

        assertEquals(1, out.path("batchItemFailures").size());
        assertEquals("message-0", out.path("batchItemFailures").get(0).path("itemIdentifier").asText());
        assertEquals(1, f.executions.executions.size(), "the good message in the same batch still started its job");
    }
}
