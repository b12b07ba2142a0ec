package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.TokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The shared vendor token as one item ({@code pk = TOKEN#nemo}) of the jobs table, encrypted at rest
 * by the table. The lease is a conditional write of {@code leaseOwner}/{@code leaseUntil} (epoch ms).
 */
public final class DynamoTokenStore implements TokenStore {

    public static final String TOKEN_PK = "TOKEN#nemo";
    private static final Map<String, String> NAMES = Map.of("#token", "token", "#owner", "leaseOwner",
            "#until", "leaseUntil", "#expires", "tokenExpiresAt");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoTokenStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<StoredToken> read() {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(key()).consistentRead(true).build()).item();
        if (item == null || !item.containsKey("token")) {
            return Optional.empty();
        }
        AttributeValue expires = item.get("tokenExpiresAt");
        return Optional.of(new StoredToken(item.get("token").s(),
                expires == null ? null : Instant.ofEpochMilli(Long.parseLong(expires.n()))));
    }

    @Override
    public boolean acquireLease(String owner, Instant now, Instant leaseUntil, String seenToken) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":owner", AttributeValue.fromS(owner));
        values.put(":until", n(leaseUntil));
        values.put(":now", n(now));
        String tokenCondition;
        if (seenToken == null) {
            tokenCondition = "attribute_not_exists(#token)";
        } else {
            tokenCondition = "(attribute_not_exists(#token) OR #token = :seen)";
            values.put(":seen", AttributeValue.fromS(seenToken));
        }
        return update(UpdateItemRequest.builder().tableName(table).key(key())
                .updateExpression("SET #owner = :owner, #until = :until")
                .conditionExpression("(attribute_not_exists(#until) OR #until < :now) AND " + tokenCondition)
                .expressionAttributeNames(names("#owner", "#until", "#token"))
                .expressionAttributeValues(values).build());
    }

    @Override
    public boolean storeToken(String owner, String token, Instant tokenExpiresAt) {
        return update(UpdateItemRequest.builder().tableName(table).key(key())
                .updateExpression("SET #token = :token, #expires = :expires REMOVE #owner, #until")
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(token), ":expires", n(tokenExpiresAt),
                        ":owner", AttributeValue.fromS(owner)))
                .build());
    }

    @Override
    public void releaseLease(String owner) {
        update(UpdateItemRequest.builder().tableName(table).key(key())
                .updateExpression("REMOVE #owner, #until")
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(names("#owner", "#until"))
                .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner)))
                .build());
    }

    private boolean update(UpdateItemRequest request) {
        try {
            dynamo.updateItem(request);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, String> names(String... placeholders) {
        Map<String, String> names = new HashMap<>();
        for (String p : placeholders) {
            names.put(p, NAMES.get(p));
        }
        return names;
    }

    private static AttributeValue n(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("pk", AttributeValue.fromS(TOKEN_PK));
    }
}
