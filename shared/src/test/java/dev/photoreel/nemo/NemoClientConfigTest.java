package dev.photoreel.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.workflow.testing.TestEnvironment;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NemoClientConfigTest {

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
        assertEquals("src", config.skillSource());
        assertEquals("9.9", config.skillVersion());
        assertEquals("local", config.skillPlatform());
        assertEquals(Duration.ofSeconds(3), config.connectTimeout());
        assertEquals(Duration.ofSeconds(7), config.requestTimeout());
        assertEquals(Duration.ofSeconds(70), config.uploadTimeout());
        assertEquals(1234, config.maxFileBytes());
    }

    @Test
    void fromMap_withoutAClientId_hasNone() {
        assertNull(NemoClientConfig.fromMap(TestEnvironment.without("NEMO_CLIENT_ID")).clientId());
    }

    @Test
    void fromMap_whenARequiredVariableIsMissing_failsNamingIt() {
        for (String variable : NemoClientConfig.REQUIRED) {
            assertNames(variable, TestEnvironment.without(variable));
        }
    }

    @Test
    void fromMap_namesTheInvalidVariable() {
        assertNames("NEMO_API_BASE", TestEnvironment.with(Map.of("NEMO_API_BASE", "ftp://x")));
        assertNames("NEMO_API_BASE", TestEnvironment.with(Map.of("NEMO_API_BASE", "not a url")));
        assertNames("NEMO_CLIENT_ID", TestEnvironment.with(Map.of("NEMO_CLIENT_ID", "x".repeat(65))));
        assertNames("NEMO_REQUEST_TIMEOUT_SECONDS", TestEnvironment.with(Map.of("NEMO_REQUEST_TIMEOUT_SECONDS", "-1")));
        assertNames("MAX_FILE_BYTES", TestEnvironment.with(Map.of("MAX_FILE_BYTES", "lots")));
    }

    private static void assertNames(String variable, Map<String, String> variables) {
        assertEquals(variable, assertThrows(ConfigurationException.class, () -> NemoClientConfig.fromMap(variables)).variable());
    }
}
