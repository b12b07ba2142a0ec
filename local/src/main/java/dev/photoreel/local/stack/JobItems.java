package dev.photoreel.local.stack;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads job state from the jobs table as the workflow writes it (see docs/workflow-contract.md): the
 * folder's pointer {@code PREFIX#uploads/<name>/} names the current job, whose item is {@code JOB#<jobId>}.
 */
public final class JobItems {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public JobItems(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public JobItems(PhotoreelStack stack) {
        this(stack.aws().dynamoDb(), stack.table());
    }

    /** The job currently collecting or processing the uploads under {@code prefix} (e.g. {@code uploads/trip/}). */
    public Optional<String> currentJobId(String prefix) {
        return item("PREFIX#" + prefix).map(i -> i.get("jobId")).map(AttributeValue::s);
    }

    /** The job's item, when it exists. */
    public Optional<Map<String, AttributeValue>> job(String jobId) {
        return item("JOB#" + jobId);
    }

    private Optional<Map<String, AttributeValue>> item(String pk) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** A string or number attribute as text, or null. */
    public static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        return value.s() != null ? value.s() : value.n();
    }
}
