package dev.photoreel.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NemoClientConfigTest {

    @Test
    void fromMap_appliesTheDefaults() {
        NemoClientConfig config = NemoClientConfig.fromMap(Map.of());

        assertEquals(URI.create("https://mega-api-prod.nemovideo.ai"), config.baseUrl());
        assertNull(config.clientId());
        assertEquals("photoreel", config.skillSource());
        assertEquals("0.1.0", config.skillVersion());
        assertEquals("aws-lambda", config.skillPlatform());
        assertEquals(Duration.ofSeconds(30), config.requestTimeout());
        assertTrue(config.uploadTimeout().compareTo(config.requestTimeout()) > 0);
        assertEquals(200L * 1024 * 1024, config.maxFileBytes());
    }

    @Test
    void fromMap_readsEveryVariable() {
        NemoClientConfig config = NemoClientConfig.fromMap(Map.of(
                "NEMO_API_BASE", "http://localhost:8080/",
                "NEMO_CLIENT_ID", "0b7c2f0e-6c1a-4d55-9a61-1f6f2d4b9e11",
                "NEMO_SKILL_SOURCE", "src", "NEMO_SKILL_VERSION", "9.9", "NEMO_SKILL_PLATFORM", "local",
                "NEMO_CONNECT_TIMEOUT_SECONDS", "3", "NEMO_REQUEST_TIMEOUT_SECONDS", "7",
                "NEMO_UPLOAD_TIMEOUT_SECONDS", "70", "MAX_FILE_BYTES", "1234"));

        assertEquals(URI.create("http://localhost:8080"), config.baseUrl());
        assertEquals("0b7c2f0e-6c1a-4d55-9a61-1f6f2d4b9e11", config.clientId());
        assertEquals("local", config.skillPlatform());
        assertEquals(Duration.ofSeconds(7), config.requestTimeout());
        assertEquals(Duration.ofSeconds(70), config.uploadTimeout());
        assertEquals(1234, config.maxFileBytes());
    }

    @Test
    void fromMap_namesTheInvalidVariable() {
        assertMessageNames("NEMO_API_BASE", Map.of("NEMO_API_BASE", "ftp://x"));
        assertMessageNames("NEMO_API_BASE", Map.of("NEMO_API_BASE", "not a url"));
        assertMessageNames("NEMO_CLIENT_ID", Map.of("NEMO_CLIENT_ID", "x".repeat(65)));
        assertMessageNames("NEMO_REQUEST_TIMEOUT_SECONDS", Map.of("NEMO_REQUEST_TIMEOUT_SECONDS", "-1"));
        assertMessageNames("MAX_FILE_BYTES", Map.of("MAX_FILE_BYTES", "lots"));
    }

    private static void assertMessageNames(String variable, Map<String, String> variables) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NemoClientConfig.fromMap(variables));
        assertTrue(error.getMessage().contains(variable), error.getMessage());
    }
}
