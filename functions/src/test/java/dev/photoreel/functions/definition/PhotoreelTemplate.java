package dev.photoreel.functions.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.functions.Json;
import dev.photoreel.template.CloudFormationTemplate;
import dev.photoreel.template.CloudFormationYaml;
import java.util.ArrayList;
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

    private final CloudFormationTemplate template;

    private PhotoreelTemplate(CloudFormationTemplate template) {
        this.template = template;
    }

    static PhotoreelTemplate load() {
        return new PhotoreelTemplate(CloudFormationTemplate.parse(ProjectFiles.read("template.yaml"), "template.yaml"));
    }

    Map<String, Object> raw() {
        return template.root();
    }

    Map<String, Object> resources() {
        return template.resources();
    }

    Map<String, Object> resource(String logicalId) {
        return template.resource(logicalId);
    }

    Map<String, Object> properties(String logicalId) {
        return template.properties(logicalId);
    }

    Map<String, Map<String, Object>> resourcesOfType(String type) {
        return new TreeMap<>(template.resourcesOfType(type));
    }

    /** Each AWS::Serverless::Function's properties with Globals.Function underneath (maps merged one level deep). */
    Map<String, Map<String, Object>> functions() {
        return new TreeMap<>(template.functions());
    }

    /** The file the state machine's {@code DefinitionUri} names, relative to the project (the template's folder). */
    String definitionFile() {
        return text(properties("PhotoreelStateMachine").get("DefinitionUri"));
    }

    /** The text of the state machine definition, as written (substitution variables unresolved). */
    String definitionText() {
        return ProjectFiles.read(definitionFile());
    }

    /** The state machine definition as JSON, whatever its file's format (YAML, or JSON, which is YAML too). */
    JsonNode definition() {
        return Json.MAPPER.valueToTree(CloudFormationYaml.parse(definitionText(), definitionFile()));
    }

    /** The environment of one function: Globals' variables overlaid with its own. */
    Map<String, Object> environment(String functionId) {
        return new TreeMap<>(template.environment(functionId));
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

    static Map<String, Object> map(Object value) {
        return CloudFormationTemplate.map(value);
    }

    static List<Object> asList(Object value) {
        return CloudFormationTemplate.asList(value);
    }

    /** The literal text of a string, or of the template string in a {@code Fn::Sub}; null for other intrinsics. */
    static String text(Object value) {
        return CloudFormationTemplate.text(value);
    }
}
