package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.Times;
import dev.photoreel.workflow.api.IdempotencyStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** {@link IdempotencyStore} on the jobs table: items {@code IDEMPOTENCY#<sha256(caller, key)>}, expired by TTL. */
public final class DynamoIdempotencyStore implements IdempotencyStore {

    static final String PK_PREFIX = "IDEMPOTENCY#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoIdempotencyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean begin(String id, String fingerprint, Instant now, Instant staleBefore, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("fingerprint", AttributeValue.fromS(fingerprint));
        item.put("state", AttributeValue.fromS("IN_FLIGHT"));
        item.put("startedAt", AttributeValue.fromS(Times.format(now)));
        item.put(JobAttributes.TTL, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #ttl < :now OR #state = :released"
                            + " OR (#state = :inFlight AND startedAt < :stale)")
                    .expressionAttributeNames(Map.of("#ttl", JobAttributes.TTL, "#state", "state"))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                            ":released", AttributeValue.fromS("RELEASED"), ":inFlight", AttributeValue.fromS("IN_FLIGHT"),
                            ":stale", AttributeValue.fromS(Times.format(staleBefore)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Entry> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || "RELEASED".equals(item.get("state").s())) {
            return Optional.empty();
        }
        boolean complete = "COMPLETE".equals(item.get("state").s());
        return Optional.of(new Entry(item.get("fingerprint").s(), complete,
                complete ? Integer.parseInt(item.get("status").n()) : 0,
                complete ? item.get("body").s() : null,
                item.containsKey("location") ? item.get("location").s() : null,
                Instant.parse(item.get("startedAt").s())));
    }

    @Override
    public void complete(String id, int status, String body, String location) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":complete", AttributeValue.fromS("COMPLETE"),
                ":status", AttributeValue.fromN(Integer.toString(status)), ":body", AttributeValue.fromS(body == null ? "" : body)));
        String update = "SET #state = :complete, #status = :status, body = :body";
        if (location != null) {
            values.put(":location", AttributeValue.fromS(location));
            update += ", #location = :location";
        }
        String expression = update;
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression(expression)
                .expressionAttributeNames(location != null ? Map.of("#state", "state", "#status", "status", "#location", "location")
                        : Map.of("#state", "state", "#status", "status"))
                .expressionAttributeValues(values));
    }

    @Override
    public void release(String id) {
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET #state = :released")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":released", AttributeValue.fromS("RELEASED"))));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(JobAttributes.PK, AttributeValue.fromS(PK_PREFIX + id));
    }
}
