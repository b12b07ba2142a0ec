package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.MotoDynamoDb;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.JobRepositoryContractAccess;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The repository contract on DynamoDB's protocol (moto), plus what only the real table shows (TTL attribute). */
class DynamoJobRepositoryIT extends JobRepositoryContractAccess {

    private DynamoDbClient client;
    private String table;

    @Override
    protected JobRepository newRepository() {
        client = MotoDynamoDb.client();
        table = MotoDynamoDb.createJobsTable();
        return new DynamoJobRepository(client, table);
    }

    @Test
    void createJob_writesTtlInEpochSecondsAndTheJobKey() {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#trip-1")))).item();
        assertEquals(Long.toString(Instant.parse("2026-05-30T10:00:00Z").getEpochSecond()), item.get("ttl").n());
        assertEquals("RECEIVED", item.get("status").s());
        assertTrue(item.containsKey("receivedAt"));
    }
}
