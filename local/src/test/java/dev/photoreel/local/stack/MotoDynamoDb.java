package dev.photoreel.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB for the tests of the code that talks to it: the local stack's moto (with its launcher's patches), one server
 * per test JVM, started on first use and stopped when the JVM exits. Tables are made as template.yaml makes the jobs
 * table. Without moto the calling test is skipped, except under CI ({@link StackAvailability}).
 */
public final class MotoDynamoDb {

    private static DynamoDbClient client;
    private static SamTemplate template;

    private MotoDynamoDb() {
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            Path root = StackOptions.findProjectRoot(Path.of(""));
            StackAvailability.requireMoto(root);
            try {
                template = SamTemplate.read(root.resolve("template.yaml"), Map.of("NemoClientId", PhotoreelStack.LOCAL_CLIENT_ID));
                int port = PhotoreelStack.freePort();
                Path logs = Files.createDirectories(Path.of("target", "moto-dynamodb"));
                MotoServer moto = MotoServer.start(root, port, port, logs.resolve("moto-" + port + ".log"));
                LocalAws aws = new LocalAws(moto.uri());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    aws.close();
                    moto.close();
                }, "moto-dynamodb-stop"));
                client = aws.dynamoDb();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return client;
    }

    /** A new table made as the template makes the jobs table (key, both indexes, TTL); returns its name. */
    public static String createJobsTable() {
        DynamoDbClient dynamo = client();
        String name = "jobs-" + UUID.randomUUID();
        StackResources.createJobsTable(template, dynamo, name);
        return name;
    }
}
