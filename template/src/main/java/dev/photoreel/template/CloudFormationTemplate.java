package dev.photoreel.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SAM template as maps and lists, intrinsics in their long form: its sections, its resources, and each
 * function's properties with {@code Globals.Function} underneath. The local stack resolves it against local
 * names; the template tests check its invariants. Both read it here.
 */
public final class CloudFormationTemplate {

    public static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    private final Map<String, Object> root;

    private CloudFormationTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static CloudFormationTemplate read(Path file) throws IOException {
        return new CloudFormationTemplate(CloudFormationYaml.read(file));
    }

    public static CloudFormationTemplate parse(String text, String source) {
        return new CloudFormationTemplate(CloudFormationYaml.parse(text, source));
    }

    /** The whole document. */
    public Map<String, Object> root() {
        return root;
    }

    /** A top-level section ({@code Parameters}, {@code Conditions}, {@code Mappings}, ...); empty when absent. */
    public Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    /** The resources by logical id, in template order. */
    public Map<String, Object> resources() {
        return section("Resources");
    }

    /** One resource; an {@link IllegalArgumentException} naming the id when the template has none. */
    public Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = map(resources().get(logicalId));
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("the template has no resource " + logicalId);
        }
        return resource;
    }

    /** A resource's {@code Properties}; empty when it has none. */
    public Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    /** The resources of one type, by logical id, in template order. */
    public Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    /** {@code Globals.Function}: what every function inherits. */
    public Map<String, Object> functionGlobals() {
        return map(section("Globals").get("Function"));
    }

    /** Each function's properties over {@code Globals.Function} (maps merged one level deep), in template order. */
    public Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resourcesOfType(SERVERLESS_FUNCTION).forEach((id, resource) -> {
            Map<String, Object> merged = new LinkedHashMap<>(functionGlobals());
            map(resource.get("Properties")).forEach((key, value) -> merged.merge(key, value, CloudFormationTemplate::mergeValue));
            functions.put(id, merged);
        });
        return functions;
    }

    /** A function's environment variables, unresolved: Globals' overlaid with its own. */
    public Map<String, Object> environment(String functionId) {
        Map<String, Object> merged = new LinkedHashMap<>(variables(functionGlobals()));
        merged.putAll(variables(properties(functionId)));
        return merged;
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.get("Environment")).get("Variables"));
    }

    private static Object mergeValue(Object global, Object own) {
        if (global instanceof Map<?, ?> g && own instanceof Map<?, ?> o) {
            Map<Object, Object> merged = new LinkedHashMap<>(g);
            merged.putAll(o);
            return merged;
        }
        return own;
    }

    /** A mapping node as a map; empty for null or anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A sequence node as a list; a single value is a list of one, null an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The literal text of a string, or of the template string in a {@code Fn::Sub}; null for other intrinsics. */
    public static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Object sub = map(value).get("Fn::Sub");
        if (sub instanceof String s) {
            return s;
        }
        if (sub instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
            return s;
        }
        return null;
    }
}
