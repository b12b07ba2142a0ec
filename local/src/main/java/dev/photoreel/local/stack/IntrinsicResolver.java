package dev.photoreel.local.stack;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt},
 * {@code Fn::Join}, {@code Fn::If}, ...) against the local resources, the template's parameters and the
 * pseudo parameters. {@code AWS::NoValue} removes the key or list element that holds it.
 */
final class IntrinsicResolver {

    /** What a resource's {@code Ref} and {@code Fn::GetAtt} return locally. */
    interface References {
        Optional<String> ref(String logicalId);

        Optional<String> attribute(String logicalId, String attribute);
    }

    static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final References references;

    IntrinsicResolver(Map<String, String> parameters, Map<String, Object> conditions, Map<String, Object> mappings,
            References references) {
        this.parameters = parameters;
        this.conditions = conditions;
        this.mappings = mappings;
        this.references = references;
    }

    /** Resolves a value to a string; fails naming the value when it is not a scalar. */
    String string(Object value) {
        Object resolved = resolve(value);
        if (resolved == NO_VALUE || resolved == null) {
            return null;
        }
        if (resolved instanceof Map || resolved instanceof List) {
            throw new IllegalArgumentException("Expected a scalar, got: " + resolved);
        }
        return String.valueOf(resolved);
    }

    @SuppressWarnings("unchecked")
    Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                    return function(key, map.values().iterator().next());
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                Object resolved = resolve(entry.getValue());
                if (resolved != NO_VALUE) {
                    out.put(entry.getKey(), resolved);
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolve(item);
                if (resolved != NO_VALUE) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    private Object function(String name, Object argument) {
        switch (name) {
            case "Ref":
                return ref(String.valueOf(resolve(argument)));
            case "Condition":
                return condition(String.valueOf(argument));
            case "Fn::GetAtt":
                return getAtt(argument);
            case "Fn::Sub":
                return sub(argument);
            case "Fn::Join": {
                List<?> args = list(resolve(argument), name);
                List<?> items = list(args.get(1), name);
                List<String> strings = new ArrayList<>();
                items.forEach(item -> strings.add(String.valueOf(item)));
                return String.join(String.valueOf(args.get(0)), strings);
            }
            case "Fn::Select": {
                List<?> args = list(resolve(argument), name);
                return list(args.get(1), name).get(Integer.parseInt(String.valueOf(args.get(0))));
            }
            case "Fn::Split": {
                List<?> args = list(resolve(argument), name);
                return List.of(String.valueOf(args.get(1)).split(Pattern.quote(String.valueOf(args.get(0))), -1));
            }
            case "Fn::If": {
                List<?> args = list(argument, name);
                return condition(String.valueOf(args.get(0))) ? resolve(args.get(1)) : resolve(args.get(2));
            }
            case "Fn::Equals": {
                List<?> args = list(resolve(argument), name);
                return String.valueOf(args.get(0)).equals(String.valueOf(args.get(1)));
            }
            case "Fn::Not":
                return !truth(list(argument, name).get(0));
            case "Fn::And":
                return list(argument, name).stream().allMatch(this::truth);
            case "Fn::Or":
                return list(argument, name).stream().anyMatch(this::truth);
            case "Fn::FindInMap": {
                List<?> args = list(resolve(argument), name);
                Object found = mappings;
                for (Object key : args) {
                    found = found instanceof Map<?, ?> m ? m.get(String.valueOf(key)) : null;
                }
                if (found == null) {
                    throw new IllegalArgumentException("Fn::FindInMap found nothing for " + args);
                }
                return found;
            }
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(String.valueOf(resolve(argument)).getBytes());
            case "Fn::GetAZs":
                return List.of(parameters.get("AWS::Region") + "a", parameters.get("AWS::Region") + "b");
            case "Fn::Length":
                return list(resolve(argument), name).size();
            default:
                throw new IllegalArgumentException(name + " is not supported by the local stack; "
                        + "use Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::If or add it to IntrinsicResolver");
        }
    }

    private boolean truth(Object value) {
        Object resolved = resolve(value);
        return resolved instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(resolved));
    }

    private boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("Unknown condition: " + name);
        }
        return truth(conditions.get(name));
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        return references.ref(name).orElseThrow(() -> new IllegalArgumentException(
                "Ref to an unknown parameter or resource: " + name));
    }

    private Object getAtt(Object argument) {
        List<?> args = list(resolve(argument), "Fn::GetAtt");
        String logicalId = String.valueOf(args.get(0));
        String attribute = String.valueOf(args.get(1));
        return references.attribute(logicalId, attribute).orElseThrow(() -> new IllegalArgumentException(
                "Fn::GetAtt to an unknown resource or attribute: " + logicalId + "." + attribute));
    }

    private String sub(Object argument) {
        String template;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> args) {
            template = String.valueOf(args.get(0));
            @SuppressWarnings("unchecked")
            Map<String, Object> resolved = (Map<String, Object>) resolve(args.get(1));
            variables = resolved;
        } else {
            template = String.valueOf(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1);
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = String.valueOf(variables.get(variable));
            } else if (variable.contains(".") && !parameters.containsKey(variable)) {
                int dot = variable.indexOf('.');
                replacement = String.valueOf(getAtt(List.of(variable.substring(0, dot), variable.substring(dot + 1))));
            } else {
                replacement = String.valueOf(ref(variable));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static List<?> list(Object value, String function) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(function + " expects a list, got: " + value);
        }
        return list;
    }
}
