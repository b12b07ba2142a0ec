package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.workflow.testing.TestEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererConfigTest {

    @Test
    void fromMap_readsBothVariables() {
        assertEquals(new RendererConfig("ffmpeg", 16), RendererConfig.fromMap(Map.of("DEFAULT_RENDERER", "ffmpeg",
                "VENDOR_CREDITS_PER_JOB", "16")));
    }

    @Test
    void fromMap_whenMissingOrInvalid_failsNamingTheVariable() {
        for (String variable : RendererConfig.REQUIRED) {
            assertEquals(variable, assertThrows(ConfigurationException.class,
                    () -> RendererConfig.fromMap(TestEnvironment.without(variable))).variable());
        }
        assertEquals("DEFAULT_RENDERER", assertThrows(ConfigurationException.class,
                () -> RendererConfig.fromMap(TestEnvironment.with(Map.of("DEFAULT_RENDERER", "handbrake")))).variable());
        assertEquals("VENDOR_CREDITS_PER_JOB", assertThrows(ConfigurationException.class,
                () -> RendererConfig.fromMap(TestEnvironment.with(Map.of("VENDOR_CREDITS_PER_JOB", "-1")))).variable());
    }
}
