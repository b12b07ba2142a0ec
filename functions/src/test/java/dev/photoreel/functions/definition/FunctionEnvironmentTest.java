package dev.photoreel.functions.definition;

import static dev.photoreel.functions.definition.PhotoreelTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.workflow.ReconcileService;
import dev.photoreel.workflow.RendererConfig;
import dev.photoreel.workflow.WorkflowConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every function gets, from template.yaml (Globals.Function.Environment and its own), every variable its code path
 * requires: the configuration classes are built from its environment (parameters at their defaults), as its handler's
 * wiring builds them. The local stack runs each function with exactly these variables, so a gap fails there too.
 */
class FunctionEnvironmentTest {

    /**
     * What every handler builds at cold start or may build on first use: {@code Wiring} (workflow and renderer
     * configuration, the vendor client's) and the Powertools metrics.
     */
    static final List<Consumer<Environment>> EVERY_FUNCTION = List.of(WorkflowConfig::from, RendererConfig::from, NemoClientConfig::from,
            env -> env.required("POWERTOOLS_METRICS_NAMESPACE"), env -> env.required("POWERTOOLS_SERVICE_NAME"));

    static final Consumer<Environment> STARTS_EXECUTIONS = env -> WorkflowConfig.from(env).requireStateMachineArn();
    static final Consumer<Environment> NOTIFIES = env -> {
        WorkflowConfig.from(env).requireTopicArn();
        env.required("WEBHOOK_SECRET_ARN");
    };

    /** What each function's own path reads on top (Wiring's intake, jobsApi, notifications, reconciler). */
    static final Map<String, List<Consumer<Environment>>> OWN = Map.of(
            "StartJobFunction", List.of(STARTS_EXECUTIONS),
            "CreateJobFunction", List.of(STARTS_EXECUTIONS),
            "LaunchJobFunction", List.of(STARTS_EXECUTIONS),
            "CreateRevisionFunction", List.of(STARTS_EXECUTIONS),
            "NotifyUserFunction", List.of(NOTIFIES, env -> env.required("API_BASE_URL")),
            "GuardExecutionFunction", List.of(NOTIFIES),
            "ReconcileJobsFunction", List.of(NOTIFIES, STARTS_EXECUTIONS, ReconcileService.Settings::from));

    static PhotoreelTemplate template;

    @BeforeAll
    static void load() {
        template = PhotoreelTemplate.load();
    }

    @Test
    void everyFunction_hasEveryVariableItsConfigurationRequires() {
        Set<String> functions = template.functions().keySet();
        assertTrue(functions.containsAll(OWN.keySet()), "OWN names a function the template does not have");
        for (String id : functions) {
            Environment env = new Environment(resolved(id));
            for (Consumer<Environment> reads : EVERY_FUNCTION) {
                builds(id, env, reads);
            }
            for (Consumer<Environment> reads : OWN.getOrDefault(id, List.of())) {
                builds(id, env, reads);
            }
        }
    }

    @Test
    void theSharedConfiguration_isStatedOnce_inGlobals() {
        Set<String> shared = new TreeSet<>(WorkflowConfig.REQUIRED);
        shared.addAll(RendererConfig.REQUIRED);
        shared.addAll(NemoClientConfig.REQUIRED);
        shared.removeAll(globalVariables().keySet());
        assertEquals(Set.of(), shared, "every function reads these: template.yaml's Globals must set them");
        template.functions().keySet().forEach(id -> {
            Map<String, Object> own = map(map(template.properties(id).get("Environment")).get("Variables"));
            Set<String> repeated = new TreeSet<>(own.keySet());
            repeated.retainAll(globalVariables().keySet());
            assertEquals(Set.of(), repeated, id + " repeats a variable Globals already sets");
        });
    }

    private static void builds(String id, Environment env, Consumer<Environment> reads) {
        try {
            reads.accept(env);
        } catch (ConfigurationException e) {
            fail(id + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> globalVariables() {
        return map(map(map(map(template.raw().get("Globals")).get("Function")).get("Environment")).get("Variables"));
    }

    /** The function's variables with parameters at their defaults and other intrinsics replaced by a placeholder. */
    private static Map<String, String> resolved(String functionId) {
        Map<String, Object> parameters = map(template.raw().get("Parameters"));
        Map<String, String> env = new LinkedHashMap<>();
        template.environment(functionId).forEach((name, value) -> {
            if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref) {
                Object parameterDefault = map(parameters.get(ref)).get("Default");
                env.put(name, parameters.containsKey(ref) && parameterDefault != null ? parameterDefault.toString() : "resolved-" + ref);
            } else if (value instanceof Map<?, ?>) {
                env.put(name, "resolved-" + name.toLowerCase(java.util.Locale.ROOT));
            } else {
                env.put(name, String.valueOf(value));
            }
        });
        return env;
    }
}
