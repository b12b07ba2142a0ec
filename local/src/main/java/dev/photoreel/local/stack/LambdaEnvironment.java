package dev.photoreel.local.stack;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment each function runs with on the local stack, as on Lambda: exactly the variables the template
 * declares for it (Globals merged in), what Lambda itself sets (region, credentials; {@link FunctionSandbox} adds the
 * function's name, memory, handler and Runtime API), and the local endpoints ({@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_SNS} and {@code _DYNAMODB} through the fault proxy, path-style S3). Local values (the
 * vendor's URL, short waits, the stack options' overrides) replace only variables the function declares: a variable
 * missing from a function in the template is missing when it runs here too.
 */
final class LambdaEnvironment {

    /** The rendering engine's knobs, passed on from the stack's own environment when set (tests render faster). */
    private static final List<String> PASSED_ON = List.of("PHOTOREEL_RENDER_PRESET", "PHOTOREEL_RENDER_CRF", "PHOTOREEL_RENDER_TIMEOUT_SECONDS",
            "PATH", "LANG");

    /** Where the local stack's pieces are, and its options. */
    record Local(StackOptions options, URI vendor, URI aws, URI faultProxy, URI api) {
    }

    private LambdaEnvironment() {
    }

    /** Every function's environment by logical id; fails when an override names a variable no function declares. */
    static Map<String, Map<String, String>> of(List<FunctionSpec> functions, Local local) {
        Map<String, String> localValues = localValues(local);
        Set<String> declared = new TreeSet<>();
        functions.forEach(function -> declared.addAll(function.environment().keySet()));
        for (String name : local.options().environmentOverrides().keySet()) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException("The environment override " + name + " is declared by no function in template.yaml: "
                        + "declare it on the function (or in Globals) that reads it, then override it");
            }
        }
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (FunctionSpec function : functions) {
            environments.put(function.logicalId(), Map.copyOf(of(function, localValues, local)));
        }
        return environments;
    }

    private static Map<String, String> of(FunctionSpec function, Map<String, String> localValues, Local local) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        localValues.forEach(env::replace);
        env.put("AWS_REGION", SamTemplate.REGION);
        env.put("AWS_DEFAULT_REGION", SamTemplate.REGION);
        env.put("AWS_ACCESS_KEY_ID", LocalAws.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalAws.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL", local.aws().toString());
        // SNS and DynamoDB through the proxy in front of moto, so AwsFaults can fail Publish calls and throttle table requests
        env.put("AWS_ENDPOINT_URL_SNS", local.faultProxy().toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", local.faultProxy().toString());
        env.put("S3_FORCE_PATH_STYLE", "true");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        for (String name : PASSED_ON) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** The local stack's values for variables the template declares. */
    private static Map<String, String> localValues(Local local) {
        StackOptions options = local.options();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("NEMO_API_BASE", local.vendor().toString());
        values.put("QUIET_PERIOD_SECONDS", String.valueOf(options.quietPeriodSeconds()));
        values.put("POLL_INTERVAL_SECONDS", String.valueOf(options.pollIntervalSeconds()));
        values.put("RENDER_TIMEOUT_SECONDS", String.valueOf(options.renderTimeoutSeconds()));
        values.put("STREAM_MARGIN_SECONDS", String.valueOf(options.streamMarginSeconds()));
        values.put("NEMO_SKILL_PLATFORM", "local");
        // the reconciler locally: a final job's notification is the state machine's for 5 s (not 15 min), and a folder
        // without a job counts as lost after 60 s (not 10 min)
        values.put("RECONCILE_NOTIFY_AFTER_SECONDS", "5");
        values.put("LOST_UPLOAD_AFTER_SECONDS", "60");
        if (local.api() != null) {
            values.put("API_BASE_URL", local.api().toString());
        }
        values.putAll(options.environmentOverrides());
        return values;
    }
}
