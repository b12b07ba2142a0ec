package dev.photoreel.workflow.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.io.File;
import java.util.Arrays;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB Local 2.6.1 in process (no server, no port), one per test JVM. Its sqlite4java native
 * library is a test dependency: the directory of the {@code .so} on the class path becomes
 * {@code sqlite4java.library.path}.
 */
public final class DynamoDbLocal {

    private static AmazonDynamoDBLocal local;

    private DynamoDbLocal() {
    }

    public static synchronized DynamoDbClient client() {
        if (local == null) {
            if (System.getProperty("sqlite4java.library.path") == null) {
                String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
                String nativeDir = Arrays.stream(classPath.split(File.pathSeparator))
                        .filter(p -> p.endsWith(".so") && p.contains("sqlite4java-linux-amd64"))
                        .map(p -> new File(p).getParent())
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("the sqlite4java linux-amd64 library is not on the"
                                + " test class path: DynamoDBLocal's runtime dependencies are missing"));
                System.setProperty("sqlite4java.library.path", nativeDir);
            }
            local = DynamoDBEmbedded.create(true);
        }
        return local.dynamoDbClient();
    }

    /** Creates a jobs table like template.yaml's (partition key {@code pk}, the sparse PendingJobs index) and returns its name. */
    public static String createJobsTable(DynamoDbClient client) {
        String name = "jobs-" + UUID.randomUUID();
        client.createTable(b -> b.tableName(name)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("pending").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("pendingSince").attributeType(ScalarAttributeType.S).build())
                .globalSecondaryIndexes(g -> g.indexName("PendingJobs")
                        .keySchema(KeySchemaElement.builder().attributeName("pending").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("pendingSince").keyType(KeyType.RANGE).build())
                        .projection(p -> p.projectionType("KEYS_ONLY")))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        return name;
    }
}
