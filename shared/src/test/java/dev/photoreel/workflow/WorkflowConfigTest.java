package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowConfigTest {

    @Test
    void fromMap_defaults() {
        WorkflowConfig config = WorkflowConfig.fromMap(Map.of());
        assertEquals("uploads/", config.uploadsPrefix());
        assertEquals("videos/", config.videosPrefix());
        assertEquals(209_715_200L, config.maxFileBytes());
        assertEquals(50, config.maxImages());
        assertEquals(new JobSettings(60, 15, 30, 1800, 10, 120, 30, 81, 2), config.settings());
        assertEquals(Duration.ofDays(7), config.linkExpiry());
        assertEquals(Duration.ofSeconds(30), config.streamMargin());
    }

    @Test
    void require_missingVariable_namesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkflowConfig.fromMap(Map.of()).requireTopicArn());
        assertTrue(e.getMessage().contains("TOPIC_ARN"));
    }

    @Test
    void fromMap_badNumber_namesTheVariable() {
        assertTrue(assertThrows(IllegalStateException.class, () -> WorkflowConfig.fromMap(Map.of("MAX_IMAGES", "lots")))
                .getMessage().contains("MAX_IMAGES"));
        assertTrue(assertThrows(IllegalStateException.class, () -> WorkflowConfig.fromMap(Map.of("POLL_INTERVAL_SECONDS", "0")))
                .getMessage().contains("POLL_INTERVAL_SECONDS"));
        assertEquals("in/", WorkflowConfig.fromMap(Map.of("UPLOADS_PREFIX", "in")).uploadsPrefix());
    }
}
