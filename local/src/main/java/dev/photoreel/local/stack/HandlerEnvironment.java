package dev.photoreel.local.stack;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Gives the in-process handlers the environment Lambda would give them. Lambda sets process environment
 * variables; handlers read them with {@link System#getenv}, which a running JVM cannot change through any
 * public API. So this class writes into the JVM's own copy of the environment (needs
 * {@code --add-opens java.base/java.util=ALL-UNNAMED}, which the local jar's manifest and the failsafe
 * configuration carry), and mirrors each variable as a system property for code that reads those.
 * The AWS SDK's own settings are set as system properties ({@code aws.region}, {@code aws.endpointUrl}, ...),
 * which the SDK reads before the environment.
 */
final class HandlerEnvironment {

    private HandlerEnvironment() {
    }

    /** Sets each variable in the environment and as a system property; names starting {@code aws.} only as properties. */
    static void apply(Map<String, String> variables) {
        Map<String, String> env = writableEnvironment();
        variables.forEach((name, value) -> {
            if (!name.startsWith("aws.")) {
                env.put(name, value);
            }
            System.setProperty(name, value);
        });
        for (String inherited : java.util.List.copyOf(env.keySet())) {
            if (inherited.startsWith("AWS_ENDPOINT_URL_") || inherited.equals("AWS_SESSION_TOKEN") || inherited.equals("AWS_PROFILE")) {
                env.remove(inherited);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> writableEnvironment() {
        Map<String, String> unmodifiable = System.getenv();
        try {
            Field inner = unmodifiable.getClass().getDeclaredField("m");
            inner.setAccessible(true);
            return (Map<String, String>) inner.get(unmodifiable);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("The local stack runs the Lambda handlers in this JVM and must set their "
                    + "environment variables: start the JVM with --add-opens java.base/java.util=ALL-UNNAMED "
                    + "(./photoreel and mvn verify do this)", e);
        }
    }
}
