package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The notifications the topic published, read from the SQS queue subscribed to it. Every message received
 * is kept, so several readers (tests of different jobs) can each wait for their own.
 */
public final class NotificationInbox {

    /** One SNS notification: subject, message body, and message attributes. */
    public record Notification(String subject, String message, Map<String, String> attributes, JsonNode body) {
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Notification> received = new ArrayList<>();

    public NotificationInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public NotificationInbox(PhotoreelStack stack) {
        this(stack.aws().sqs(), stack.notificationsQueueUrl());
    }

    /** Waits until a notification matching {@code filter} has arrived; empty when none did within {@code timeout}. */
    public synchronized Optional<Notification> await(Predicate<Notification> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Notification> match = received.stream().filter(filter).findFirst();
            if (match.isPresent() || System.nanoTime() > deadline) {
                return match;
            }
            receive(1);
        }
    }

    /** Waits until {@code count} notifications match or {@code timeout} passes; returns how many matched. */
    public synchronized int awaitCount(Predicate<Notification> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int matched = (int) received.stream().filter(filter).count();
            if (matched >= count || System.nanoTime() > deadline) {
                return matched;
            }
            receive(1);
        }
    }

    /** Every notification received so far that matches, after reading what is queued now. */
    public synchronized List<Notification> all(Predicate<Notification> filter) {
        receive(0);
        return received.stream().filter(filter).toList();
    }

    private void receive(int waitSeconds) {
        for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)).messages()) {
            received.add(parse(message.body()));
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        }
    }

    static Notification parse(String envelope) {
        try {
            JsonNode sns = JSON.readTree(envelope);
            String message = sns.path("Message").asText();
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            sns.path("MessageAttributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().path("Value").asText()));
            JsonNode body;
            try {
                body = JSON.readTree(message);
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(message);
            }
            return new Notification(sns.path("Subject").asText(null), message, Map.copyOf(attributes), body);
        } catch (IOException e) {
            throw new IllegalStateException("Not an SNS envelope: " + envelope, e);
        }
    }
}
