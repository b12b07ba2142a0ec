package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.Times;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import static dev.photoreel.workflow.JobAttributes.*;

/** {@link JobRepository} on DynamoDB: every racing change is a conditional write. */
public final class DynamoJobRepository implements JobRepository {

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** Cancellation reasons that mean "another writer held an item or the table was busy": the intake tries again. */
    private static final Set<String> RETRYABLE_CANCELLATIONS = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoJobRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Job> find(String jobId) {
        return get(JOB_PK_PREFIX + jobId).map(item -> Job.fromAttributes(Items.toJava(item)));
    }

    @Override
    public Optional<PrefixPointer> findPrefix(String prefix) {
        return get(PREFIX_PK_PREFIX + prefix).map(item -> new PrefixPointer(prefix,
                Long.parseLong(item.get(GENERATION).n()), item.get(JOB_ID).s(),
                Boolean.TRUE.equals(item.get("open").bool())));
    }

    @Override
    public void closePrefix(String prefix, String jobId) {
        // refused when the folder already points at a later job: then it stays as it is
        updateIf(UpdateItemRequest.builder()
                .key(Items.key(PREFIX_PK_PREFIX + prefix))
                .updateExpression("SET #open = :false")
                .conditionExpression("jobId = :job")
                .expressionAttributeNames(Map.of("#open", "open"))
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false), ":job", Items.s(jobId))));
    }

    @Override
    public Optional<String> findUploadEvent(String eventId) {
        return get(UPLOAD_PK_PREFIX + eventId).map(item -> item.get(JOB_ID).s());
    }

    @Override
    public boolean createJob(String jobId, Map<String, Object> attributes, Instant now, Instant expiresAt) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(newJobItem(jobId, attributes, now, expiresAt))
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> newJobItem(String jobId, Map<String, Object> attributes, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Items.toDynamo(attributes));
        item.put(PK, Items.s(JOB_PK_PREFIX + jobId));
        item.put(JOB_ID, Items.s(jobId));
        item.put(STATUS, Items.s(JobStatus.RECEIVED.name()));
        item.put(STATUS_RANK, Items.n(JobStatus.RECEIVED.rank()));
        item.put(JobStatus.RECEIVED.timestampAttribute(), Items.s(Times.format(now)));
        item.put(UPDATED_AT, Items.s(Times.format(now)));
        item.put(TTL, Items.n(expiresAt.getEpochSecond()));
        item.put(PENDING, Items.s(Pending.OPEN.name()));
        item.put(PENDING_SINCE, Items.s(Times.format(now)));
        return item;
    }

    @Override
    public IntakeWrite openGeneration(PrefixPointer next, Map<String, Object> attributes, String eventId, Instant now, Instant expiresAt) {
        Put.Builder pointer = Put.builder().tableName(table).item(Map.of(
                PK, Items.s(PREFIX_PK_PREFIX + next.prefix()),
                GENERATION, Items.n(next.generation()),
                JOB_ID, Items.s(next.jobId()),
                "open", AttributeValue.fromBool(true),
                UPDATED_AT, Items.s(Times.format(now))));
        if (next.generation() <= 1) {
            pointer.conditionExpression("attribute_not_exists(pk)");
        } else {
            pointer.conditionExpression("generation = :previous")
                    .expressionAttributeValues(Map.of(":previous", Items.n(next.generation() - 1)));
        }
        Put job = Put.builder().tableName(table).item(newJobItem(next.jobId(), attributes, now, expiresAt))
                .conditionExpression("attribute_not_exists(pk)").build();
        return intakeTransaction(TransactWriteItem.builder().put(pointer.build()).build(), TransactWriteItem.builder().put(job).build(),
                uploadEventRecord(eventId, next.jobId(), expiresAt));
    }

    @Override
    public IntakeWrite joinJob(String jobId, String eventId, Instant uploadedAt, Instant expiresAt) {
        String collecting = "attribute_exists(pk) AND #status IN (:received, :waiting)";
        Map<String, AttributeValue> values = Map.of(
                ":received", Items.s(JobStatus.RECEIVED.name()),
                ":waiting", Items.s(JobStatus.WAITING_FOR_UPLOADS.name()),
                ":one", Items.n(1));
        Map<String, AttributeValue> withTime = new HashMap<>(values);
        withTime.put(":t", Items.s(Times.format(uploadedAt)));
        Update raisingLastUpload = Update.builder().tableName(table).key(jobKey(jobId))
                .updateExpression("ADD uploadEvents :one SET lastUploadAt = :t")
                .conditionExpression(collecting + " AND (attribute_not_exists(lastUploadAt) OR lastUploadAt < :t)")
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(withTime).build();
        TransactWriteItem event = uploadEventRecord(eventId, jobId, expiresAt);
        IntakeWrite raised = intakeTransaction(TransactWriteItem.builder().update(raisingLastUpload).build(), event);
        if (raised != IntakeWrite.REFUSED) {
            return raised;
        }
        // either the job stopped collecting, or a later upload was recorded already: then only count this one
        Update counting = Update.builder().tableName(table).key(jobKey(jobId))
                .updateExpression("ADD uploadEvents :one")
                .conditionExpression(collecting)
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(values).build();
        return intakeTransaction(TransactWriteItem.builder().update(counting).build(), event);
    }

    private TransactWriteItem uploadEventRecord(String eventId, String jobId, Instant expiresAt) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(PK, Items.s(UPLOAD_PK_PREFIX + eventId), JOB_ID, Items.s(jobId), TTL, Items.n(expiresAt.getEpochSecond())))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * Runs an intake transaction whose last item records the upload event. The SDK sends one client request token on
     * its retries, so a retried success is not mistaken for a handled event.
     */
    private IntakeWrite intakeTransaction(TransactWriteItem... items) {
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
            return IntakeWrite.JOINED;
        } catch (TransactionCanceledException e) {
            List<String> codes = e.hasCancellationReasons()
                    ? e.cancellationReasons().stream().map(CancellationReason::code).toList() : List.of();
            if (codes.size() == items.length && CONDITION_FAILED.equals(codes.get(items.length - 1))) {
                return IntakeWrite.EVENT_HANDLED;
            }
            if (codes.contains(CONDITION_FAILED)) {
                return IntakeWrite.REFUSED;
            }
            if (codes.stream().allMatch(code -> code == null || "None".equals(code) || RETRYABLE_CANCELLATIONS.contains(code))) {
                return IntakeWrite.CONTENDED;
            }
            throw e;
        }
    }

    @Override
    public boolean closeUploads(String jobId, long uploadEvents, Map<String, Object> attributes, Instant now) {
        JobStatus next = JobStatus.VALIDATING;
        Expression update = new Expression();
        update.set(STATUS, Items.s(next.name()));
        update.set(STATUS_RANK, Items.n(next.rank()));
        update.set(UPDATED_AT, Items.s(Times.format(now)));
        update.setIfNotExists(next.timestampAttribute(), Items.s(Times.format(now)));
        attributes.forEach((name, value) -> update.set(name, Items.toDynamo(value)));
        String status = update.name(STATUS);
        String events = update.name(UPLOAD_EVENTS);
        String sameUploads = uploadEvents == 0 ? "attribute_not_exists(" + events + ")" : events + " = " + update.value(Items.n(uploadEvents));
        String condition = "attribute_exists(pk) AND " + status + " IN (" + update.value(Items.s(JobStatus.RECEIVED.name())) + ", "
                + update.value(Items.s(JobStatus.WAITING_FOR_UPLOADS.name())) + ") AND " + sameUploads;
        return updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression(update.updateExpression())
                .conditionExpression(condition)
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values()));
    }

    @Override
    public Job transition(String jobId, JobStatus status, Map<String, Object> attributes, Instant now) {
        Expression update = new Expression();
        update.set(STATUS, Items.s(status.name()));
        update.set(STATUS_RANK, Items.n(status.rank()));
        update.set(UPDATED_AT, Items.s(Times.format(now)));
        update.setIfNotExists(status.timestampAttribute(), Items.s(Times.format(now)));
        attributes.forEach((name, value) -> update.set(name, Items.toDynamo(value)));
        if (status.isFinal()) {
            update.setIfNotExists(NOTIFICATION, Items.s(NOTIFICATION_PENDING));
            update.set(PENDING, Items.s(Pending.NOTIFY.name()));
            update.set(PENDING_SINCE, Items.s(Times.format(now)));
        }
        String statusName = update.name(STATUS);
        String rankName = update.name(STATUS_RANK);
        String condition = "attribute_exists(pk) AND " + rankName + " <= " + update.value(Items.n(status.rank()))
                + " AND (NOT (" + statusName + " IN (" + update.value(Items.s(JobStatus.COMPLETED.name())) + ", "
                + update.value(Items.s(JobStatus.FAILED.name())) + ")) OR " + statusName + " = "
                + update.value(Items.s(status.name())) + ")";
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(jobKey(jobId))
                    .updateExpression(update.updateExpression())
                    .conditionExpression(condition)
                    .expressionAttributeNames(update.names())
                    .expressionAttributeValues(update.values())
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes();
            return Job.fromAttributes(Items.toJava(item));
        } catch (ConditionalCheckFailedException e) {
            String current = find(jobId).map(j -> "is " + j.status()).orElse("does not exist");
            throw new JobStateConflictException("job " + jobId + " " + current + ": it cannot move to " + status
                    + " (a finished job never changes and a job never goes back; a stale writer loses)");
        }
    }

    @Override
    public void setAttributes(String jobId, Map<String, Object> attributes) {
        if (attributes.isEmpty()) {
            return;
        }
        Expression update = new Expression();
        attributes.forEach((name, value) -> update.set(name, Items.toDynamo(value)));
        updateExisting(jobId, update, update.updateExpression());
    }

    /** Applies {@code expression} (built with {@code update}'s names and values) to an existing job item. */
    private void updateExisting(String jobId, Expression update, String expression) {
        if (!updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values()))) {
            throw new JobStateConflictException("job " + jobId + " does not exist");
        }
    }

    @Override
    public NotificationClaim claimNotification(String jobId, String claimant, Instant now, Duration lease) {
        if (updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression("SET notifyClaimant = :c, notifyClaimedAt = :now")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(notifiedAt) AND "
                        + "(attribute_not_exists(notifyClaimant) OR notifyClaimant = :c OR notifyClaimedAt < :stale)")
                .expressionAttributeValues(Map.of(":c", Items.s(claimant), ":now", Items.s(Times.format(now)),
                        ":stale", Items.s(Times.format(now.minus(lease))))))) {
            return NotificationClaim.CLAIMED;
        }
        Optional<Job> job = find(jobId);
        if (job.isEmpty()) {
            throw new JobStateConflictException("job " + jobId + " does not exist");
        }
        return job.get().notifiedAt() != null ? NotificationClaim.ALREADY_SENT : NotificationClaim.HELD_BY_ANOTHER;
    }

    @Override
    public void confirmNotification(String jobId, String claimant, String messageId, Instant now, boolean webhookPending) {
        Map<String, String> names = new HashMap<>(Map.of("#notification", NOTIFICATION, "#pending", PENDING));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", Items.s(Times.format(now)), ":m", Items.s(messageId),
                ":sent", Items.s(NOTIFICATION_SENT)));
        String update;
        if (webhookPending) {
            // the webhook is claimed by this attempt in the same write: a crash before it went out leaves it PENDING
            names.put("#webhook", WEBHOOK);
            values.put(":c", Items.s(claimant));
            values.put(":wp", Items.s(WEBHOOK_PENDING));
            values.put(":kind", Items.s(Pending.WEBHOOK.name()));
            update = "SET notifiedAt = :now, notificationMessageId = :m, #notification = :sent, #webhook = :wp,"
                    + " webhookClaimant = :c, webhookClaimedAt = :now, #pending = :kind, pendingSince = :now";
        } else {
            update = "SET notifiedAt = :now, notificationMessageId = :m, #notification = :sent REMOVE #pending, pendingSince";
        }
        // refused when another attempt confirmed first
        updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression(update)
                .conditionExpression("attribute_not_exists(notifiedAt)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public boolean claimWebhook(String jobId, String claimant, Instant now, Duration lease) {
        return updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression("SET webhookClaimant = :c, webhookClaimedAt = :now")
                .conditionExpression("#webhook = :wp AND (webhookClaimant = :c OR webhookClaimedAt < :stale)")
                .expressionAttributeNames(Map.of("#webhook", WEBHOOK))
                .expressionAttributeValues(Map.of(":c", Items.s(claimant), ":now", Items.s(Times.format(now)),
                        ":wp", Items.s(WEBHOOK_PENDING), ":stale", Items.s(Times.format(now.minus(lease))))));
    }

    @Override
    public void finishWebhook(String jobId, Map<String, Object> attributes) {
        Expression update = new Expression();
        attributes.forEach((name, value) -> update.set(name, Items.toDynamo(value)));
        String pending = update.name(PENDING);
        String since = update.name(PENDING_SINCE);
        updateExisting(jobId, update, update.updateExpression() + " REMOVE " + pending + ", " + since);
    }

    @Override
    public boolean claimRevision(String jobId, int version, Instant now) {
        String previous = version <= 2 ? "(attribute_not_exists(latestVersion) OR latestVersion = :prev)" : "latestVersion = :prev";
        return updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression("SET latestVersion = :v, runningVersion = :v, updatedAt = :now")
                .conditionExpression("attribute_exists(pk) AND #status = :completed AND attribute_not_exists(runningVersion) AND " + previous)
                .expressionAttributeNames(Map.of("#status", STATUS))
                .expressionAttributeValues(Map.of(":v", Items.n(version), ":prev", Items.n(version - 1L),
                        ":completed", Items.s(JobStatus.COMPLETED.name()), ":now", Items.s(Times.format(now)))));
    }

    @Override
    public boolean releaseRevision(String jobId, int version, Map<String, Object> attributes) {
        Expression update = new Expression();
        attributes.forEach((name, value) -> update.set(name, Items.toDynamo(value)));
        String running = update.name(RUNNING_VERSION);
        String expression = (attributes.isEmpty() ? "" : update.updateExpression() + " ") + "REMOVE " + running;
        return updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression(expression)
                .conditionExpression(running + " = " + update.value(Items.n(version)))
                .expressionAttributeNames(update.names())
                .expressionAttributeValues(update.values()));
    }

    @Override
    public void releaseNotification(String jobId, String claimant) {
        // refused when the claim was taken over
        updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression("REMOVE notifyClaimant, notifyClaimedAt")
                .conditionExpression("notifyClaimant = :c")
                .expressionAttributeValues(Map.of(":c", Items.s(claimant))));
    }

    @Override
    public List<String> findPending(Pending kind, Instant before, int limit) {
        List<String> ids = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(PENDING_INDEX)
                    .keyConditionExpression("#pending = :kind AND pendingSince < :before")
                    .expressionAttributeNames(Map.of("#pending", PENDING))
                    .expressionAttributeValues(Map.of(":kind", Items.s(kind.name()), ":before", Items.s(Times.format(before))))
                    .scanIndexForward(true)
                    .limit(limit - ids.size());
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get(PK).s();
                if (pk.startsWith(JOB_PK_PREFIX)) {
                    ids.add(pk.substring(JOB_PK_PREFIX.length()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && ids.size() < limit);
        return ids;
    }

    @Override
    public void clearPending(String jobId) {
        // refused when the job is not notified yet (or gone), or its webhook is still pending: it stays pending
        updateIf(UpdateItemRequest.builder().key(jobKey(jobId))
                .updateExpression("SET #notification = :sent REMOVE #pending, pendingSince")
                .conditionExpression("attribute_exists(notifiedAt) AND (attribute_not_exists(#webhook) OR #webhook <> :wp)")
                .expressionAttributeNames(Map.of("#notification", NOTIFICATION, "#pending", PENDING, "#webhook", WEBHOOK))
                .expressionAttributeValues(Map.of(":sent", Items.s(NOTIFICATION_SENT), ":wp", Items.s(WEBHOOK_PENDING))));
    }

    /** Applies a conditional update; false when its condition did not hold (each caller says what that means). */
    private boolean updateIf(UpdateItemRequest.Builder update) {
        try {
            dynamo.updateItem(update.tableName(table).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> jobKey(String jobId) {
        return Items.key(JOB_PK_PREFIX + jobId);
    }

    private Optional<Map<String, AttributeValue>> get(String pk) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Items.key(pk)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Builds an update expression with placeholders for every name and value. */
    private static final class Expression {
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private final List<String> sets = new java.util.ArrayList<>();

        String name(String attribute) {
            for (Map.Entry<String, String> e : names.entrySet()) {
                if (e.getValue().equals(attribute)) {
                    return e.getKey();
                }
            }
            String placeholder = "#n" + names.size();
            names.put(placeholder, attribute);
            return placeholder;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        void set(String attribute, AttributeValue value) {
            sets.add(name(attribute) + " = " + value(value));
        }

        void setIfNotExists(String attribute, AttributeValue value) {
            String n = name(attribute);
            sets.add(n + " = if_not_exists(" + n + ", " + value(value) + ")");
        }

        String updateExpression() {
            return "SET " + String.join(", ", sets);
        }

        Map<String, String> names() {
            return names;
        }

        Map<String, AttributeValue> values() {
            return values;
        }
    }

    /** Conversions between plain Java values and attribute values. */
    static final class Items {
        private Items() {
        }

        static AttributeValue s(String value) {
            return AttributeValue.fromS(value);
        }

        static AttributeValue n(long value) {
            return AttributeValue.fromN(Long.toString(value));
        }

        static Map<String, AttributeValue> key(String pk) {
            return Map.of(PK, s(pk));
        }

        static AttributeValue toDynamo(Object value) {
            if (value instanceof String text) {
                return s(text);
            }
            if (value instanceof Boolean flag) {
                return AttributeValue.fromBool(flag);
            }
            if (value instanceof Number number) {
                return AttributeValue.fromN(new BigDecimal(number.toString()).toPlainString());
            }
            if (value instanceof Instant instant) {
                return s(Times.format(instant));
            }
            throw new IllegalArgumentException("unsupported attribute value type: " + value.getClass().getName());
        }

        static Map<String, AttributeValue> toDynamo(Map<String, Object> attributes) {
            Map<String, AttributeValue> item = new HashMap<>();
            attributes.forEach((k, v) -> item.put(k, toDynamo(v)));
            return item;
        }

        static Map<String, Object> toJava(Map<String, AttributeValue> item) {
            Map<String, Object> out = new HashMap<>();
            item.forEach((k, v) -> {
                if (v.s() != null) {
                    out.put(k, v.s());
                } else if (v.n() != null) {
                    out.put(k, new BigDecimal(v.n()));
                } else if (v.bool() != null) {
                    out.put(k, v.bool());
                }
            });
            return out;
        }
    }
}
