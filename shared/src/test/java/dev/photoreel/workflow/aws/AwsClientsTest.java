package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The clients take region and endpoint from the standard settings (here their system-property forms). */
class AwsClientsTest {

    @BeforeEach
    void setUp() {
        System.setProperty("aws.region", "eu-west-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:4566");
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("aws.region");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.endpointUrl");
    }

    @Test
    void presigner_usesTheStandardEndpointAndPathStyleWhenAsked() {
        URL url = new AwsClients(Map.of("S3_FORCE_PATH_STYLE", "true")).presigner()
                .presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5)).getObjectRequest(g -> g.bucket("media").key("videos/a b.mp4")))
                .url();
        assertEquals("127.0.0.1", url.getHost());
        assertEquals(4566, url.getPort());
        assertTrue(url.getPath().startsWith("/media/videos/a%20b.mp4"), url.toString());
        assertTrue(url.getQuery().contains("X-Amz-Expires=300"), url.toString());
    }

    @Test
    void clients_buildWithRegionFromTheEnvironment() {
        AwsClients clients = new AwsClients(Map.of());
        assertEquals("eu-west-1", clients.s3().serviceClientConfiguration().region().id());
        assertEquals("eu-west-1", clients.dynamo().serviceClientConfiguration().region().id());
        assertEquals("http://127.0.0.1:4566", clients.sns().serviceClientConfiguration().endpointOverride().orElseThrow().toString());
    }
}
