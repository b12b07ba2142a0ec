package dev.photoreel.config;

/**
 * An environment variable is missing or has a value the code cannot use. The message names the variable, what is wrong
 * with it and where to fix it; a function fails with it at cold start (or, for a variable only one path of a shared
 * wiring needs, on the first use of that path).
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Where a variable the code requires is set (the local stack runs each function with exactly these, as Lambda does). */
    static final String SET_IN_TEMPLATE = "set it in template.yaml, in Globals.Function.Environment or in the function's own Environment";

    private final String variable;

    private ConfigurationException(String variable, String problem, String fix) {
        super("environment variable " + variable + " " + problem + ": " + fix);
        this.variable = variable;
    }

    /** The name of the variable at fault. */
    public String variable() {
        return variable;
    }

    /** A required variable is unset or blank. */
    public static ConfigurationException missing(String variable) {
        return new ConfigurationException(variable, "is not set", SET_IN_TEMPLATE);
    }

    /** A variable is set to something that is not what it must be, e.g. {@code "is 'lots', not a whole number"}. */
    public static ConfigurationException invalid(String variable, String problem) {
        return new ConfigurationException(variable, problem, "fix its value in template.yaml (Globals.Function.Environment or "
                + "the function's own Environment, or the Parameter it refers to)");
    }

    /** An optional override is set to something unusable; unsetting it is a fix too. */
    public static ConfigurationException invalidOverride(String variable, String problem) {
        return new ConfigurationException(variable, problem, "fix its value or unset it");
    }
}
