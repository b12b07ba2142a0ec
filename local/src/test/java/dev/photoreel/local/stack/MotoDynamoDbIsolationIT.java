package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The local stack's DynamoDB keeps every committed write while other requests' transactions are cancelled, as
 * DynamoDB does. Unpatched moto 5.2.1 does not: a cancelled transaction puts back a copy of the whole table taken when
 * it began, undoing the writes that other requests committed meanwhile (see moto_launcher.py).
 */
class MotoDynamoDbIsolationIT {

    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_EACH = 40;
    /** Items a cancelled transaction writes (and moto undoes) before the one whose condition fails: a wider window. */
    private static final int ITEMS_BEFORE_THE_FAILING_ONE = 24;

    private static final String TABLE = "isolation-" + UUID.randomUUID();

    @Test
    void committedTransactions_surviveConcurrentCancelledOnes() throws Exception {
        DynamoDbClient dynamo = MotoDynamoDb.client();
        dynamo.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("pk", AttributeValue.fromS("taken"))));
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<Integer>> cancellations = new ArrayList<>();
        try {
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                cancellations.add(pool.submit(() -> write(dynamo, id)));
            }
            int cancelled = 0;
            for (Future<Integer> each : cancellations) {
                cancelled += each.get(120, TimeUnit.SECONDS);
            }
            assertEquals(WRITERS * TRANSACTIONS_EACH / 2, cancelled, "every other transaction is meant to be cancelled");
        } finally {
            pool.shutdownNow();
        }

        List<String> lost = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            for (int i = 0; i < TRANSACTIONS_EACH; i += 2) {
                String key = "w" + writer + "-" + i;
                if (!dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true))
                        .hasItem()) {
                    lost.add(key);
                }
            }
        }
        assertTrue(lost.isEmpty(), "committed writes lost to other requests' cancelled transactions: " + lost);
    }

    /** Even transactions write a new item; odd ones write more, then try to create the existing item and are cancelled. */
    private static int write(DynamoDbClient dynamo, int writer) {
        int cancelled = 0;
        for (int i = 0; i < TRANSACTIONS_EACH; i++) {
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(newItem("w" + writer + "-" + i));
            if (i % 2 == 1) {
                for (int k = 0; k < ITEMS_BEFORE_THE_FAILING_ONE; k++) {
                    items.add(newItem("w" + writer + "-" + i + "-" + k));
                }
                items.add(newItem("taken"));
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
            } catch (TransactionCanceledException e) {
                cancelled++;
            }
        }
        return cancelled;
    }

    private static TransactWriteItem newItem(String key) {
        return TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(Map.of("pk", AttributeValue.fromS(key)))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }
}
