package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.workflow.testing.TestEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowConfigTest {

    @Test
    void fromMap_readsEveryVariable() {
        WorkflowConfig config = WorkflowConfig.fromMap(TestEnvironment.with(Map.of("UPLOADS_PREFIX", "in")));
        assertEquals("in/", config.uploadsPrefix());
        assertEquals("videos/", config.videosPrefix());
        assertEquals(209_715_200L, config.maxFileBytes());
        assertEquals(50, config.maxImages());
        assertEquals(new JobSettings(60, 15, 30, 1800, 10, 120, 30, 81, 2), config.settings());
        assertEquals(Duration.ofDays(7), config.linkExpiry());
        assertEquals(Duration.ofSeconds(30), config.streamMargin());
        assertEquals(Duration.ofDays(90), config.jobTtl());
    }

    @Test
    void fromMap_whenARequiredVariableIsMissing_failsNamingIt() {
        for (String variable : WorkflowConfig.REQUIRED) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> WorkflowConfig.fromMap(TestEnvironment.without(variable)), variable);
            assertEquals(variable, e.variable());
            assertTrue(e.getMessage().contains("template.yaml"), e.getMessage());
        }
    }

    @Test
    void require_whenAFunctionsOwnVariableIsMissing_failsNamingIt() {
        WorkflowConfig config = WorkflowConfig.fromMap(TestEnvironment.with(Map.of()));
        assertEquals("TOPIC_ARN", assertThrows(ConfigurationException.class, config::requireTopicArn).variable());
        assertEquals("STATE_MACHINE_ARN", assertThrows(ConfigurationException.class, config::requireStateMachineArn).variable());
        assertTrue(config.tokenSecret().isEmpty());
    }

    @Test
    void fromMap_badNumber_namesTheVariable() {
        assertEquals("MAX_IMAGES", assertThrows(ConfigurationException.class,
                () -> WorkflowConfig.fromMap(TestEnvironment.with(Map.of("MAX_IMAGES", "lots")))).variable());
        assertEquals("POLL_INTERVAL_SECONDS", assertThrows(ConfigurationException.class,
                () -> WorkflowConfig.fromMap(TestEnvironment.with(Map.of("POLL_INTERVAL_SECONDS", "0")))).variable());
    }
}
