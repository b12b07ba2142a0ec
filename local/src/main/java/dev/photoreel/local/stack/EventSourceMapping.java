package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda's SQS event source mapping, locally: {@code maximumConcurrency} pollers long-poll the queue, each hands
 * a batch of up to {@code batchSize} messages to the function as one SQS event (records shaped as Lambda shapes
 * them), deletes what succeeded, and leaves what failed for SQS to deliver again: the whole batch when the
 * function failed, only the reported items when the function reports batch item failures. The queue's own
 * redrive policy moves a message that keeps failing to its dead-letter queue, as on AWS. Locally a failed
 * message becomes visible again after {@code retryDelay} instead of the queue's visibility timeout, so tests
 * see retries in seconds.
 */
final class EventSourceMapping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int RECENT_BODIES = 500;
    /**
     * How long one ReceiveMessage waits for a message (Lambda's pollers wait 20 s). It returns as soon as a message is
     * there, so it delays nothing; shorter waits only make idle pollers ask moto again and again (ten pollers at 1 s were
     * ten requests a second that the measured jobs shared moto with).
     */
    static final Duration LONG_POLL = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for all pollers together (each may be in a long poll). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final FunctionRuntime runtime;
    private final FunctionSpec function;
    private final SamTemplate.SqsEventSource mapping;
    private final Duration retryDelay;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong delivered = new AtomicLong();
    private final Deque<String> recentBodies = new ConcurrentLinkedDeque<>();
    private final List<Thread> pollers = new ArrayList<>();

    EventSourceMapping(SqsClient sqs, String queueUrl, String queueArn, FunctionRuntime runtime, FunctionSpec function,
            SamTemplate.SqsEventSource mapping, Duration retryDelay) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.runtime = runtime;
        this.function = function;
        this.mapping = mapping;
        this.retryDelay = retryDelay;
        for (int i = 0; i < Math.max(1, mapping.maximumConcurrency()); i++) {
            Thread poller = new Thread(this::pollLoop, "sqs-" + function.logicalId() + "-" + i);
            poller.setDaemon(true);
            pollers.add(poller);
        }
    }

    void start() {
        pollers.forEach(Thread::start);
    }

    /** The bodies of the messages the function handled successfully, newest last; at most 500. */
    List<String> recentBodies() {
        return List.copyOf(recentBodies);
    }

    /** Messages the function handled successfully since the start. */
    long delivered() {
        return delivered.get();
    }

    private void pollLoop() {
        while (running.get()) {
            try {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, mapping.batchSize()))
                        .waitTimeSeconds((int) LONG_POLL.toSeconds()).messageSystemAttributeNamesWithStrings("All")).messages();
                if (!batch.isEmpty() && running.get()) {
                    handle(batch);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("{} event source: polling failed, retrying: error={}", function.logicalId(), e.toString());
                    pause();
                }
            }
        }
    }

    private void handle(List<Message> batch) {
        FunctionRuntime.Invocation result = runtime.invoke(function, event(batch).toString().getBytes(StandardCharsets.UTF_8),
                "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + function.name());
        Set<String> failed = failedMessageIds(batch, result);
        for (Message message : batch) {
            if (failed.contains(message.messageId())) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout((int) retryDelay.toSeconds()));
            } else {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                delivered.incrementAndGet();
                recentBodies.addLast(message.body());
                while (recentBodies.size() > RECENT_BODIES) {
                    recentBodies.pollFirst();
                }
            }
        }
        if (!failed.isEmpty()) {
            LOG.warn("{} event source: {} of {} messages failed and go back to the queue: {}", function.logicalId(), failed.size(),
                    batch.size(), new String(result.payload(), StandardCharsets.UTF_8));
        }
    }

    /** As Lambda decides: all on a function error; with batch item failures, the reported ones (all if the report is invalid). */
    private Set<String> failedMessageIds(List<Message> batch, FunctionRuntime.Invocation result) {
        Set<String> all = new HashSet<>(batch.stream().map(Message::messageId).toList());
        if (result.failed()) {
            return all;
        }
        if (!mapping.reportsBatchItemFailures()) {
            return Set.of();
        }
        try {
            JsonNode response = JSON.readTree(result.payload());
            Set<String> failed = new HashSet<>();
            for (JsonNode item : response == null ? JSON.createArrayNode() : response.path("batchItemFailures")) {
                String id = item.path("itemIdentifier").asText("");
                if (!all.contains(id)) {
                    return all;
                }
                failed.add(id);
            }
            return failed;
        } catch (IOException e) {
            return all;
        }
    }

    private ObjectNode event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", asAwsSends(message.body()));
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            record.putObject("messageAttributes");
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", SamTemplate.REGION);
        }
        return event;
    }

    /** An S3 notification body with its keys encoded as AWS encodes them (see {@link #awsEncodedKey}); other bodies as they are. */
    static String asAwsSends(String body) {
        try {
            JsonNode notification = JSON.readTree(body);
            if (notification == null || !notification.path("Records").isArray()) {
                return body;
            }
            for (JsonNode record : notification.path("Records")) {
                JsonNode object = record.path("s3").path("object");
                if (object instanceof ObjectNode node && object.hasNonNull("key")) {
                    node.put("key", awsEncodedKey(object.path("key").asText()));
                }
            }
            return notification.toString();
        } catch (IOException e) {
            return body;
        }
    }

    /**
     * The key as AWS writes it in an event: form-encoded (space as {@code +}, UTF-8 percent-encoded) with
     * {@code /} left as is. moto also encodes {@code /} as {@code %2F}; this undoes that difference.
     */
    static String awsEncodedKey(String motoKey) {
        String key = URLDecoder.decode(motoKey, StandardCharsets.UTF_8);
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
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
        pollers.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread poller : pollers) {
            try {
                // together, not each: a poller still in its long poll exits when it returns (it is a daemon thread)
                poller.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
