package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 trigger ({@code ObjectCreated} under {@code uploads/}): records each upload, creates the job
 * when needed (conditional write) and starts the execution named after the job id. Repeated events
 * are no-ops; keys outside the uploads prefix are ignored.
 */
public final class StartJobHandler implements RequestStreamHandler {

    static {
        Priming.register();
    }

    private final IntakeService intake;
    private final WorkflowMetrics metrics;

    public StartJobHandler() {
        this(Wiring.instance().intake(), PowertoolsMetrics.INSTANCE);
    }

    StartJobHandler(IntakeService intake, WorkflowMetrics metrics) {
        this.intake = intake;
        this.metrics = metrics;
    }

    /** What happened to each record. */
    record Result(List<IntakeService.IntakeResult> records) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<IntakeService.UploadEvent> events = parse(Json.read(input));
        List<IntakeService.IntakeResult> results = new ArrayList<>();
        for (IntakeService.UploadEvent event : events) {
            results.add(Observed.run(context, null, "StartJob", metrics, () -> intake.accept(event)));
        }
        Json.write(output, new Result(results));
    }

    /** The ObjectCreated records of an S3 notification, keys URL-decoded ({@code +} is a space). */
    static List<IntakeService.UploadEvent> parse(JsonNode notification) {
        List<IntakeService.UploadEvent> events = new ArrayList<>();
        for (JsonNode record : notification.path("Records")) {
            String eventName = record.path("eventName").asText("");
            if (!eventName.isEmpty() && !eventName.startsWith("ObjectCreated")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            JsonNode object = s3.path("object");
            String rawKey = object.path("key").asText(null);
            if (rawKey == null) {
                continue;
            }
            events.add(new IntakeService.UploadEvent(
                    s3.path("bucket").path("name").asText(null),
                    URLDecoder.decode(rawKey, StandardCharsets.UTF_8),
                    object.path("size").asLong(0),
                    text(object.path("eTag")),
                    text(object.path("sequencer")),
                    time(record.path("eventTime").asText(null))));
        }
        return events;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
