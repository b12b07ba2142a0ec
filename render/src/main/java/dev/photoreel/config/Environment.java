package dev.photoreel.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one reader of configuration: typed accessors over environment variables (a map: {@link #system()} in production,
 * any map in tests and local tools). A required variable has no default here: {@code template.yaml} states it, once.
 * Every problem is a {@link ConfigurationException} naming the variable. Values are trimmed; a blank value counts as unset.
 */
public final class Environment {

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = new java.util.HashMap<>(Objects.requireNonNull(variables, "variables"));
    }

    /** The process environment (what Lambda sets from the template). */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    /** The value of a variable that may be unset. */
    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The value of a required variable. */
    public String required(String name) {
        return optional(name).orElseThrow(() -> ConfigurationException.missing(name));
    }

    /** A required whole number in {@code [min, max]}. */
    public long requiredLong(String name, long min, long max) {
        return parseLong(name, required(name), min, max, false);
    }

    /** A required whole number in {@code [min, max]}. */
    public int requiredInt(String name, int min, int max) {
        return (int) requiredLong(name, min, max);
    }

    /** A required whole number at least {@code min} (and at most {@link Integer#MAX_VALUE}). */
    public int requiredInt(String name, int min) {
        return requiredInt(name, min, Integer.MAX_VALUE);
    }

    /** A required number of seconds, at least {@code minSeconds}. */
    public Duration requiredSeconds(String name, long minSeconds) {
        return Duration.ofSeconds(requiredLong(name, minSeconds, Long.MAX_VALUE / 1_000_000_000L));
    }

    /** An optional override: a whole number in {@code [min, max]} when set. */
    public Optional<Integer> optionalInt(String name, int min, int max) {
        return optional(name).map(value -> (int) parseLong(name, value, min, max, true));
    }

    /** A required value that must be one of {@code allowed}. */
    public String requiredOneOf(String name, Collection<String> allowed) {
        String value = required(name);
        if (!allowed.contains(value)) {
            throw ConfigurationException.invalid(name, "is '" + value + "', not one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** A required absolute http(s) URL. */
    public URI requiredHttpUrl(String name) {
        String value = required(name);
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw ConfigurationException.invalid(name, "is '" + value + "', not an absolute http(s) URL");
    }

    /** An optional switch: {@code true} or {@code false}, unset meaning false. */
    public boolean optionalFlag(String name) {
        return optional(name).map(value -> {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw ConfigurationException.invalidOverride(name, "is '" + value + "', not true or false");
            }
            return Boolean.parseBoolean(value);
        }).orElse(false);
    }

    private static long parseLong(String name, String value, long min, long max, boolean override) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw problem(name, "is '" + value + "', not a whole number", override);
        }
        if (parsed < min || parsed > max) {
            throw problem(name, "is " + parsed + ", out of range: it must be " + range(min, max), override);
        }
        return parsed;
    }

    private static String range(long min, long max) {
        if (max >= Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }

    private static ConfigurationException problem(String name, String problem, boolean override) {
        return override ? ConfigurationException.invalidOverride(name, problem) : ConfigurationException.invalid(name, problem);
    }
}
