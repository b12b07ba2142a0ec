package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.api.ApiStore;
import dev.photoreel.workflow.api.JobsApiService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@link ApiStore} on the jobs table: listings are Queries of the sparse {@code ByCreatedAt} index (partition
 * {@code listKey}, sort {@code createdAt}; only job items carry {@code listKey}), never scans.
 */
public final class DynamoApiStore implements ApiStore {

    public static final String INDEX = "ByCreatedAt";
    static final String CURSOR_KEY_PK = "SECRET#cursor";

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile byte[] cursorKey;

    public DynamoApiStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Page listJobs(Optional<StatusFilter> status, int limit, Optional<Map<String, String>> startKey) {
        Map<String, String> names = new HashMap<>(Map.of("#lk", JobsApiService.LIST_KEY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":lk", AttributeValue.fromS(JobsApiService.LIST_KEY_VALUE)));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(INDEX)
                .keyConditionExpression("#lk = :lk").scanIndexForward(false).limit(limit);
        // DynamoDB refuses unused placeholders: each filter declares only the names and values it uses
        status.ifPresent(s -> {
            names.put("#st", JobAttributes.STATUS);
            switch (s) {
                case COMPLETED, FAILED -> {
                    values.put(":st", AttributeValue.fromS(s.name()));
                    query.filterExpression("#st = :st");
                }
                case RUNNING, CREATED -> {
                    names.put("#started", JobAttributes.EXECUTION_STARTED);
                    values.put(":completed", AttributeValue.fromS("COMPLETED"));
                    values.put(":failed", AttributeValue.fromS("FAILED"));
                    query.filterExpression("NOT (#st IN (:completed, :failed)) AND "
                            + (s == StatusFilter.RUNNING ? "attribute_exists(#started)" : "attribute_not_exists(#started)"));
                }
                default -> throw new IllegalArgumentException("unknown status filter " + s);
            }
        });
        startKey.ifPresent(k -> {
            Map<String, AttributeValue> key = new HashMap<>();
            k.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
            query.exclusiveStartKey(key);
        });
        QueryResponse response = dynamo.query(query.expressionAttributeNames(names).expressionAttributeValues(values).build());
        List<ListedJob> jobs = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            AttributeValue started = item.get(JobAttributes.EXECUTION_STARTED);
            jobs.add(new ListedJob(text(item, JobAttributes.JOB_ID), text(item, JobAttributes.STATUS),
                    started != null && Boolean.TRUE.equals(started.bool()), text(item, JobAttributes.CREATED_AT)));
        }
        Optional<Map<String, String>> last = Optional.empty();
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            Map<String, String> key = new HashMap<>();
            response.lastEvaluatedKey().forEach((name, value) -> key.put(name, value.s()));
            last = Optional.of(key);
        }
        return new Page(jobs, last);
    }

    @Override
    public int raiseProgress(String jobId, int progress) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(JobAttributes.PK, AttributeValue.fromS(JobAttributes.JOB_PK_PREFIX + jobId)))
                    .updateExpression("SET #p = :p")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(#p) OR #p < :p)")
                    .expressionAttributeNames(Map.of("#p", JobsApiService.PROGRESS_SHOWN))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromN(Integer.toString(progress)))));
            return progress;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(JobAttributes.PK, AttributeValue.fromS(JobAttributes.JOB_PK_PREFIX + jobId)))).item();
            AttributeValue shown = item == null ? null : item.get(JobsApiService.PROGRESS_SHOWN);
            return shown == null ? progress : Math.max(progress, Integer.parseInt(shown.n()));
        }
    }

    @Override
    public byte[] cursorKey() {
        byte[] key = cursorKey;
        if (key != null) {
            return key;
        }
        Map<String, AttributeValue> pk = Map.of(JobAttributes.PK, AttributeValue.fromS(CURSOR_KEY_PK));
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            Map<String, AttributeValue> item = new HashMap<>(pk);
            item.put("secret", AttributeValue.fromB(SdkBytes.fromByteArray(fresh)));
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            key = fresh;
        } catch (ConditionalCheckFailedException e) {
            key = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(pk)).item().get("secret").b().asByteArray();
        }
        cursorKey = key;
        return key;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
