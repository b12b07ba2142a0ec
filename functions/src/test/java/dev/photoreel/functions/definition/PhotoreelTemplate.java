package dev.photoreel.functions.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** template.yaml as maps, with each function's properties merged over {@code Globals.Function}. */
final class PhotoreelTemplate {

    /** One IAM policy statement and where it was found. */
    record Statement(String source, Map<String, Object> body) {
        boolean allows() {
            return "Allow".equals(body.get("Effect"));
        }

        List<Object> actions() {
            return asList(body.get("Action"));
        }

        List<Object> resources() {
            return asList(body.get("Resource"));
        }
    }

    private final Map<String, Object> template;

    private PhotoreelTemplate(Map<String, Object> template) {
        this.template = template;
    }

    static PhotoreelTemplate load() {
        return new PhotoreelTemplate(CloudFormationYaml.parse(ProjectFiles.read("template.yaml")));
    }

    Map<String, Object> raw() {
        return template;
    }

    Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    Map<String, Object> resource(String logicalId) {
        Map<String, Object> resource = map(resources().get(logicalId));
        if (resource.isEmpty()) {
            throw new AssertionError("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new TreeMap<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    /** Each AWS::Serverless::Function's properties with Globals.Function underneath (maps merged one level deep). */
    Map<String, Map<String, Object>> functions() {
        Map<String, Object> globals = map(map(map(template.get("Globals")).get("Function")));
        Map<String, Map<String, Object>> functions = new TreeMap<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            map(resource.get("Properties")).forEach((key, value) -> merged.merge(key, value, PhotoreelTemplate::mergeValue));
            functions.put(id, merged);
        });
        return functions;
    }

    /** The environment of one function: Globals' variables overlaid with its own. */
    Map<String, Object> environment(String functionId) {
        Map<String, Object> globals = map(map(map(map(template.get("Globals")).get("Function")).get("Environment")).get("Variables"));
        Map<String, Object> own = map(map(properties(functionId).get("Environment")).get("Variables"));
        Map<String, Object> merged = new TreeMap<>(globals);
        merged.putAll(own);
        return merged;
    }

    /** Every IAM statement: roles' inline policies, managed policies, bucket and topic policies, SAM Policies. */
    List<Statement> policyStatements() {
        List<Statement> statements = new ArrayList<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> props = map(resource.get("Properties"));
            for (Object policy : asList(props.get("Policies"))) {
                if (policy instanceof Map<?, ?> named && named.containsKey("PolicyDocument")) {
                    addStatements(statements, id + "/" + named.get("PolicyName"), named.get("PolicyDocument"));
                } else if (policy instanceof Map<?, ?> inline && inline.containsKey("Statement")) {
                    addStatements(statements, id + "/Policies", inline);
                }
            }
            if (props.containsKey("PolicyDocument")) {
                addStatements(statements, id, props.get("PolicyDocument"));
            }
        });
        return statements;
    }

    private static void addStatements(List<Statement> into, String source, Object document) {
        for (Object statement : asList(map(document).get("Statement"))) {
            into.add(new Statement(source, map(statement)));
        }
    }

    private static Object mergeValue(Object global, Object own) {
        if (global instanceof Map<?, ?> g && own instanceof Map<?, ?> o) {
            Map<Object, Object> merged = new LinkedHashMap<>(g);
            merged.putAll(o);
            return merged;
        }
        return own;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The literal text of a string, or of the template string in a {@code Fn::Sub}; null for other intrinsics. */
    static String text(Object value) {
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
