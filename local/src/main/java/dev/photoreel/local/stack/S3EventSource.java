package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Delivers S3 events to the intake function the way AWS does: the bucket notifies an SQS queue, and this
 * poller (like a Lambda event source) long-polls it in batches, invokes the function named by the record's
 * {@code configurationId} with an S3 event of that one record (keys URL-encoded, exactly as S3 sends them),
 * deletes the message on success, and leaves it for a retry on failure (at most three attempts, as Lambda
 * retries an asynchronous S3 invocation twice).
 */
final class S3EventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 3;

    private final SqsClient sqs;
    private final String queueUrl;
    private final FunctionRuntime runtime;
    private final Map<String, FunctionSpec> functionsByConfigurationId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final java.util.Deque<String> recentBodies = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final Thread thread;

    S3EventSource(SqsClient sqs, String queueUrl, FunctionRuntime runtime, Map<String, FunctionSpec> functionsByConfigurationId) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.runtime = runtime;
        this.functionsByConfigurationId = Map.copyOf(functionsByConfigurationId);
        this.thread = new Thread(this::pollLoop, "s3-event-source");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The message bodies (S3 events as S3 sent them) handled most recently, newest last; at most 500. */
    java.util.List<String> recentBodies() {
        return java.util.List.copyOf(recentBodies);
    }

    /** Events handed to the function successfully since the start. */
    long delivered() {
        return delivered.get();
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()) {
                    if (!running.get()) {
                        return;
                    }
                    handle(message);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("S3 event source: polling failed, retrying: error={}", e.toString());
                    pause();
                }
            }
        }
    }

    private void handle(Message message) {
        JsonNode body;
        try {
            body = JSON.readTree(message.body());
        } catch (java.io.IOException e) {
            LOG.error("S3 event source: dropping a message that is not JSON: messageId={}", message.messageId());
            delete(message);
            return;
        }
        if ("s3:TestEvent".equals(body.path("Event").asText())) {
            delete(message);
            return;
        }
        boolean ok = true;
        for (JsonNode record : body.path("Records")) {
            String configurationId = record.path("s3").path("configurationId").asText();
            FunctionSpec function = functionsByConfigurationId.get(configurationId);
            if (function == null && functionsByConfigurationId.size() == 1) {
                function = functionsByConfigurationId.values().iterator().next();
            }
            if (function == null) {
                LOG.error("S3 event source: no function for configurationId={}; dropping the record", configurationId);
                continue;
            }
            ObjectNode object = (ObjectNode) record.path("s3").path("object");
            object.put("key", awsEncodedKey(object.path("key").asText()));
            ObjectNode event = JSON.createObjectNode();
            event.putArray("Records").add(record);
            FunctionRuntime.Invocation result = runtime.invoke(function, event.toString().getBytes(StandardCharsets.UTF_8),
                    "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + function.name());
            if (result.failed()) {
                ok = false;
                LOG.warn("S3 event source: {} failed for key={}: {}", function.name(), record.path("s3").path("object").path("key").asText(),
                        new String(result.payload(), StandardCharsets.UTF_8));
            }
        }
        int attempts = Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        if (ok) {
            delivered.incrementAndGet();
            recentBodies.addLast(message.body());
            while (recentBodies.size() > 500) {
                recentBodies.pollFirst();
            }
            delete(message);
        } else if (attempts >= MAX_ATTEMPTS) {
            LOG.error("S3 event source: giving up on an event after {} attempts: messageId={}", attempts, message.messageId());
            delete(message);
        } else {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()).visibilityTimeout(2));
        }
    }

    /**
     * The key as AWS writes it in an event: form-encoded (space as {@code +}, UTF-8 percent-encoded) with
     * {@code /} left as is. moto also encodes {@code /} as {@code %2F}; this undoes that difference.
     */
    static String awsEncodedKey(String motoKey) {
        String key = java.net.URLDecoder.decode(motoKey, StandardCharsets.UTF_8);
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
