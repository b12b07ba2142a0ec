package dev.photoreel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class EnvironmentTest {

    private final Environment env = new Environment(Map.of("TABLE", " jobs ", "BLANK", "  ", "COUNT", "12", "WORDS", "lots",
            "URL", "https://api.example.com/v1", "PATHLESS", "not a url", "FLAG", "TRUE", "KIND", "ffmpeg"));

    @Test
    void required_whenPresent_returnsTheTrimmedValue() {
        assertEquals("jobs", env.required("TABLE"));
        assertEquals(12, env.requiredInt("COUNT", 1));
        assertEquals(12L, env.requiredLong("COUNT", 0, 12));
        assertEquals(Duration.ofSeconds(12), env.requiredSeconds("COUNT", 0));
        assertEquals(URI.create("https://api.example.com/v1"), env.requiredHttpUrl("URL"));
        assertEquals("ffmpeg", env.requiredOneOf("KIND", List.of("nemovideo", "ffmpeg")));
    }

    @Test
    void required_whenMissingOrBlank_failsNamingTheVariableAndTheTemplate() {
        for (String name : List.of("NOPE", "BLANK")) {
            ConfigurationException e = fails(() -> env.required(name));
            assertEquals(name, e.variable());
            assertTrue(e.getMessage().contains("environment variable " + name + " is not set"), e.getMessage());
            assertTrue(e.getMessage().contains("template.yaml"), e.getMessage());
        }
        assertEquals("NOPE", fails(() -> env.requiredInt("NOPE", 0)).variable());
    }

    @Test
    void requiredNumber_whenMalformed_saysItIsNotANumber() {
        ConfigurationException e = fails(() -> env.requiredInt("WORDS", 0));
        assertTrue(e.getMessage().contains("WORDS is 'lots', not a whole number"), e.getMessage());
    }

    @Test
    void requiredNumber_whenOutOfRange_statesTheRange() {
        assertTrue(fails(() -> env.requiredInt("COUNT", 13)).getMessage().contains("at least 13"));
        assertTrue(fails(() -> env.requiredLong("COUNT", 0, 10)).getMessage().contains("between 0 and 10"));
    }

    @Test
    void requiredOneOf_andUrl_whenInvalid_nameTheVariable() {
        assertTrue(fails(() -> env.requiredOneOf("TABLE", List.of("a", "b"))).getMessage().contains("not one of a, b"));
        assertTrue(fails(() -> env.requiredHttpUrl("PATHLESS")).getMessage().contains("PATHLESS"));
        assertTrue(fails(() -> env.requiredHttpUrl("TABLE")).getMessage().contains("not an absolute http(s) URL"));
    }

    @Test
    void optional_isEmptyWhenUnsetOrBlank_andOverridesAreCheckedWhenSet() {
        assertEquals(Optional.empty(), env.optional("NOPE"));
        assertEquals(Optional.empty(), env.optional("BLANK"));
        assertEquals(Optional.of("jobs"), env.optional("TABLE"));
        assertEquals(Optional.empty(), env.optionalInt("NOPE", 0, 5));
        assertEquals(Optional.of(12), env.optionalInt("COUNT", 0, 51));
        ConfigurationException e = fails(() -> env.optionalInt("COUNT", 0, 5));
        assertTrue(e.getMessage().contains("unset it"), e.getMessage());
    }

    @Test
    void optionalFlag_isFalseWhenUnset_andRefusesAnythingButTrueOrFalse() {
        assertTrue(env.optionalFlag("FLAG"));
        assertFalse(env.optionalFlag("NOPE"));
        assertTrue(fails(() -> env.optionalFlag("WORDS")).getMessage().contains("not true or false"));
    }

    @Test
    void system_readsTheProcessEnvironment() {
        assertEquals(Optional.ofNullable(System.getenv("PATH")).map(String::trim), Environment.system().optional("PATH"));
    }

    private static ConfigurationException fails(Executable call) {
        return assertThrows(ConfigurationException.class, call);
    }
}
