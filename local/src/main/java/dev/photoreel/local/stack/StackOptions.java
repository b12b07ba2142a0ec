package dev.photoreel.local.stack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start the local stack.
 *
 * @param projectRoot      the repository root (holds {@code template.yaml})
 * @param quietPeriodSeconds the upload quiet period (production: 60)
 * @param pollIntervalSeconds the render poll interval (production: 30)
 * @param renderTimeoutSeconds the overall render timeout (production: 1800)
 * @param streamMarginSeconds stop reading the instruction stream this long before the deadline
 * @param environmentOverrides more handler environment variables, applied last
 * @param parameterOverrides template parameters to override (names must exist in the template)
 * @param scheduleInterval  how often the template's schedules run locally (null: their own rate)
 */
public record StackOptions(Path projectRoot, int quietPeriodSeconds, int pollIntervalSeconds, int renderTimeoutSeconds,
        int streamMarginSeconds, Map<String, String> environmentOverrides, Map<String, String> parameterOverrides,
        java.time.Duration scheduleInterval) {

    public StackOptions {
        Objects.requireNonNull(projectRoot, "projectRoot");
        environmentOverrides = Map.copyOf(environmentOverrides);
        parameterOverrides = Map.copyOf(parameterOverrides);
    }

    /** The options as before schedules ran locally: the template's own schedule rates. */
    public StackOptions(Path projectRoot, int quietPeriodSeconds, int pollIntervalSeconds, int renderTimeoutSeconds,
            int streamMarginSeconds, Map<String, String> environmentOverrides, Map<String, String> parameterOverrides) {
        this(projectRoot, quietPeriodSeconds, pollIntervalSeconds, renderTimeoutSeconds, streamMarginSeconds, environmentOverrides,
                parameterOverrides, null);
    }

    /** Short waits for the tests and the demo: 1 s polls, a 3 s quiet period, schedules (the reconciler) every 3 s. */
    public static StackOptions local(Path projectRoot) {
        return new StackOptions(projectRoot, 3, 1, 120, 2, Map.of(), Map.of()).withScheduleInterval(LOCAL_SCHEDULE_INTERVAL);
    }

    /** How often the local stack runs the template's schedules by default. */
    public static final java.time.Duration LOCAL_SCHEDULE_INTERVAL = java.time.Duration.ofSeconds(3);

    /** Runs every schedule of the template at {@code interval} instead of its rate (null: its rate). */
    public StackOptions withScheduleInterval(java.time.Duration interval) {
        return new StackOptions(projectRoot, quietPeriodSeconds, pollIntervalSeconds, renderTimeoutSeconds, streamMarginSeconds,
                environmentOverrides, parameterOverrides, interval);
    }

    public StackOptions withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environmentOverrides);
        env.put(name, value);
        return new StackOptions(projectRoot, quietPeriodSeconds, pollIntervalSeconds, renderTimeoutSeconds, streamMarginSeconds, env,
                parameterOverrides, scheduleInterval);
    }

    public StackOptions withRenderTimeoutSeconds(int seconds) {
        return new StackOptions(projectRoot, quietPeriodSeconds, pollIntervalSeconds, seconds, streamMarginSeconds, environmentOverrides,
                parameterOverrides, scheduleInterval);
    }

    /** Finds the repository root: the nearest directory at or above {@code start} holding {@code template.yaml}. */
    public static Path findProjectRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (java.nio.file.Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No template.yaml at or above " + start.toAbsolutePath()
                + ": run photoreel from the repository (or a folder inside it)");
    }
}
