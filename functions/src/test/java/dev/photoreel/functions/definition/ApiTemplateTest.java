package dev.photoreel.functions.definition;

import static dev.photoreel.functions.definition.PhotoreelTemplate.asList;
import static dev.photoreel.functions.definition.PhotoreelTemplate.map;
import static dev.photoreel.functions.definition.PhotoreelTemplate.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.functions.Json;
import dev.photoreel.template.CloudFormationYaml;
import dev.photoreel.workflow.api.RequestSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jobs API in template.yaml: its routes match docs/openapi.yaml, its model is the handler's schema, auth is switchable. */
class ApiTemplateTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static PhotoreelTemplate template;
    private static Map<String, Object> body;

    @BeforeAll
    static void load() {
        template = PhotoreelTemplate.load();
        body = map(template.properties("JobsApi").get("DefinitionBody"));
    }

    /** method + path -> operationId. */
    private static Map<String, String> routes(Map<String, Object> definition) {
        Map<String, String> routes = new TreeMap<>();
        map(definition.get("paths")).forEach((path, methods) -> map(methods).forEach((method, operation) ->
                routes.put(method.toUpperCase() + " " + path, String.valueOf(map(operation).get("operationId")))));
        return routes;
    }

    @Test
    void theTemplatesRoutes_areTheOpenApiDocumentsRoutes() {
        Map<String, Object> openapi = CloudFormationYaml.parse(ProjectFiles.read("docs/openapi.yaml"), "docs/openapi.yaml");
        assertEquals(routes(openapi), routes(body), "docs/openapi.yaml vs template.yaml JobsApi");
        assertEquals(Map.of("GET /jobs", "ListJobs", "POST /jobs", "CreateJob", "GET /jobs/{id}", "GetJob",
                "POST /jobs/{id}/start", "LaunchJob", "GET /jobs/{id}/video", "GetVideo"), routes(body));
    }

    @Test
    void theRequestModel_isTheHandlersSchema_inTheTemplateAndTheDocument() {
        ObjectNode schema = (ObjectNode) RequestSchema.CREATE_JOB.document();
        schema.remove("$schema");
        JsonNode model = JSON.valueToTree(map(map(body.get("components")).get("schemas")).get("CreateJob"));
        assertEquals(schema, model, "template.yaml's CreateJob model must equal create-job.schema.json (without $schema)");
        Map<String, Object> openapi = CloudFormationYaml.parse(ProjectFiles.read("docs/openapi.yaml"), "docs/openapi.yaml");
        assertEquals(schema, JSON.valueToTree(map(map(openapi.get("components")).get("schemas")).get("CreateJob")));
        Map<String, Object> post = map(map(map(body.get("paths")).get("/jobs")).get("post"));
        assertEquals("body", post.get("x-amazon-apigateway-request-validator"));
        assertTrue(map(map(body.get("x-amazon-apigateway-request-validators")).get("body")).get("validateRequestBody").equals(true));
    }

    @Test
    void everyRoute_requiresSigV4_orTheApiKeyWhenApiAuthSaysSo_andInvokesItsFunctionsLiveAlias() {
        map(body.get("paths")).forEach((path, methods) -> map(methods).forEach((method, operation) -> {
            Map<String, Object> op = map(operation);
            assertEquals(Map.of("Fn::If", List.of("UseApiKey", List.of(Map.of("api_key", List.of())), List.of(Map.of("sigv4", List.of())))),
                    op.get("security"), method + " " + path);
            Map<String, Object> integration = map(op.get("x-amazon-apigateway-integration"));
            assertEquals("aws_proxy", integration.get("type"));
            String fn = op.get("operationId") + "Function";
            assertTrue(text(integration.get("uri")).contains("${" + fn + ".Alias}"), method + " " + path);
            Map<String, Object> permission = template.properties(op.get("operationId") + "Permission");
            assertEquals(Map.of("Ref", fn + ".Alias"), permission.get("FunctionName"));
            assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
        }));
        assertEquals("awsSigv4", map(map(map(body.get("components")).get("securitySchemes")).get("sigv4")).get("x-amazon-apigateway-authtype"));
        for (String keyResource : List.of("JobsApiKey", "JobsApiUsagePlan", "JobsApiUsagePlanKey")) {
            assertEquals("UseApiKey", template.resource(keyResource).get("Condition"), keyResource);
        }
        Map<String, Object> plan = template.properties("JobsApiUsagePlan");
        assertTrue(plan.containsKey("Throttle") && plan.containsKey("Quota"), "the usage plan throttles and sets a quota");
        assertEquals(new TreeSet<>(List.of("AWS_IAM", "API_KEY")),
                new TreeSet<>(asList(map(map(template.raw().get("Parameters")).get("ApiAuth")).get("AllowedValues"))));
        assertEquals("AWS_IAM", map(map(template.raw().get("Parameters")).get("ApiAuth")).get("Default"));
    }

    @Test
    void gatewayRefusals_areProblemJson() {
        Map<String, Object> responses = map(template.properties("JobsApi").get("GatewayResponses"));
        for (String type : List.of("BAD_REQUEST_BODY", "DEFAULT_4XX")) {
            assertEquals("'application/problem+json'", map(map(map(responses.get(type)).get("ResponseParameters")).get("Headers")).get("Content-Type"), type);
        }
    }
}
