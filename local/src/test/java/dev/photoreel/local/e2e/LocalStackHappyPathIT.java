package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.stack.EmulatorVendor;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.LocalStackDeployer;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.SamTemplate;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The same resources deployed into LocalStack (the image pinned in local/localstack/docker-compose.yml),
 * the functions running in LocalStack's Lambda containers, the emulator on the host: the happy path from an
 * upload to the notification. Skipped when Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackHappyPathIT {

    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(IMAGE)
            .withServices(LocalStackContainer.Service.S3, LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SNS,
                    LocalStackContainer.Service.SQS, LocalStackContainer.Service.STEPFUNCTIONS, LocalStackContainer.Service.LAMBDA)
            .withEnv("LAMBDA_DOCKER_FLAGS", "--add-host=host.docker.internal:host-gateway")
            .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock");

    private static EmulatorVendor vendor;
    private static LocalAws aws;

    @BeforeAll
    static void startVendor() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        vendor = EmulatorVendor.start(root.resolve("local/target/localstack-emulator"), b -> b.host("0.0.0.0"));
        aws = new LocalAws(LOCALSTACK.getEndpoint(), SamTemplate.ACCOUNT_ID);
    }

    @AfterAll
    static void stopVendor() {
        if (aws != null) {
            aws.close();
        }
        if (vendor != null) {
            vendor.close();
        }
    }

    @Test
    void uploadToLocalStack_becomesAVideoAndOneNotification() throws Exception {
        Path root = StackOptions.findProjectRoot(Path.of(""));
        URI vendorFromLambda = URI.create("http://host.docker.internal:" + vendor.baseUrl().getPort());
        LocalStackDeployer.Deployed deployed = LocalStackDeployer.deploy(root, LOCALSTACK.getEndpoint(), vendorFromLambda, aws);
        String prefix = "uploads/localstack/";
        for (String photo : new String[] {"01-downtown.jpg", "02-harbour.jpg"}) {
            aws.s3().putObject(b -> b.bucket(deployed.bucket()).key(prefix + photo), RequestBody.fromFile(root.resolve("examples/city/" + photo)));
        }
        aws.s3().putObject(b -> b.bucket(deployed.bucket()).key(prefix + "job.json"), RequestBody.fromString("{\"title\": \"LocalStack\"}"));

        NotificationInbox inbox = new NotificationInbox(aws.sqs(), deployed.notificationsQueueUrl());
        JsonNode body = inbox.await(n -> n.body().has("jobId"), Duration.ofMinutes(8))
                .orElseThrow(() -> new AssertionError("no notification from LocalStack within 8 minutes")).body();

        assertEquals("COMPLETED", body.path("status").asText(), () -> body.toString());
        byte[] mp4 = aws.s3().getObjectAsBytes(b -> b.bucket(deployed.bucket()).key(body.path("video").path("key").asText())).asByteArray();
        Path file = Files.createTempFile("localstack-", ".mp4");
        Files.write(file, mp4);
        MediaInfo info = new MediaProbe().probe(file);
        Files.delete(file);
        assertEquals("h264", info.videoCodec());
        assertEquals(1920, info.width());
        assertTrue(info.durationSeconds() > 1);
    }
}
