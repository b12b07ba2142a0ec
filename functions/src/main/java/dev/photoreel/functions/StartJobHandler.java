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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake queue's consumer: each SQS message is an S3 notification of uploads under {@code uploads/}. Every
 * upload is handed to the intake (which creates the job when needed and starts the execution named after it);
 * a message whose uploads could not all be handled is reported as a batch item failure, so SQS delivers it
 * again and, after the queue's receive limit, moves it to the dead-letter queue. Repeated deliveries are
 * no-ops; keys outside the uploads prefix and S3's test event are ignored.
 */
public final class StartJobHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StartJobHandler.class);

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

    /** The partial batch response of an SQS event source with {@code ReportBatchItemFailures}. */
    record BatchResponse(List<BatchItemFailure> batchItemFailures) {
    }

    record BatchItemFailure(String itemIdentifier) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<BatchItemFailure> failures = new ArrayList<>();
        for (JsonNode message : Json.read(input).path("Records")) {
            String messageId = message.path("messageId").asText();
            try {
                for (IntakeService.UploadEvent upload : parse(Json.parse(message.path("body").asText()))) {
                    Observed.run(context, null, "StartJob", metrics, () -> intake.accept(upload));
                }
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("messageId", messageId).addKeyValue("error", e.toString())
                        .log("intake message failed; SQS delivers it again");
                failures.add(new BatchItemFailure(messageId));
            }
        }
        Json.write(output, new BatchResponse(failures));
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
