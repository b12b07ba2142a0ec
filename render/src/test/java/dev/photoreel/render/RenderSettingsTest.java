package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderSettingsTest {

    @Test
    void fromEnvironment_withoutOverrides_isTheEnginesDefaults() {
        assertEquals(RenderSettings.defaults(), RenderSettings.fromEnvironment(new Environment(Map.of())));
    }

    @Test
    void fromEnvironment_appliesEachOverride() {
        RenderSettings settings = RenderSettings.fromEnvironment(new Environment(Map.of(RenderSettings.PRESET_ENV, "ultrafast",
                RenderSettings.CRF_ENV, "28", RenderSettings.TIMEOUT_ENV, "840")));
        assertEquals(new RenderSettings("ultrafast", 28, 160, Duration.ofSeconds(840)), settings);
    }

    @Test
    void fromEnvironment_whenAnOverrideIsInvalid_failsNamingIt() {
        assertEquals(RenderSettings.CRF_ENV, assertThrows(ConfigurationException.class, () -> RenderSettings.fromEnvironment(
                new Environment(Map.of(RenderSettings.CRF_ENV, "60")))).variable());
        assertEquals(RenderSettings.PRESET_ENV, assertThrows(ConfigurationException.class, () -> RenderSettings.fromEnvironment(
                new Environment(Map.of(RenderSettings.PRESET_ENV, "Very Fast")))).variable());
        assertEquals(RenderSettings.TIMEOUT_ENV, assertThrows(ConfigurationException.class, () -> RenderSettings.fromEnvironment(
                new Environment(Map.of(RenderSettings.TIMEOUT_ENV, "soon")))).variable());
    }
}
