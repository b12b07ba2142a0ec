package dev.photoreel.functions.definition;

import static dev.photoreel.functions.definition.PhotoreelTemplate.asList;
import static dev.photoreel.functions.definition.PhotoreelTemplate.map;
import static dev.photoreel.functions.definition.PhotoreelTemplate.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                "POST /jobs/{id}/start", "LaunchJob", "GET /jobs/{id}/video", "GetVideo", "POST /jobs/{id}/revisions", "CreateRevision",
                "GET /", "ServePage", "GET /assets/{file}", "ServePageAsset"), routes(body));
    }

    @Test
    void theDocumentsRequestModels_areTheHandlersSchemas_andTheGatewayLeavesBodiesToTheHandlers() {
        Map<String, Object> openapi = CloudFormationYaml.parse(ProjectFiles.read("docs/openapi.yaml"), "docs/openapi.yaml");
        Map<String, RequestSchema> models = Map.of("CreateJob", RequestSchema.CREATE_JOB, "CreateRevision", RequestSchema.CREATE_REVISION);
        models.forEach((model, handlerSchema) -> {
            ObjectNode schema = (ObjectNode) handlerSchema.document();
            schema.remove("$schema");
            assertEquals(schema, JSON.valueToTree(map(map(openapi.get("components")).get("schemas")).get(model)),
                    "docs/openapi.yaml's " + model + " must equal " + handlerSchema.name() + ".schema.json (without $schema)");
        });
        // A gateway model would refuse a bad body before the handler, with a message that names no field
        assertFalse(body.containsKey("x-amazon-apigateway-request-validators"), "no request validator on the gateway");
        map(body.get("paths")).forEach((path, operations) -> map(operations).forEach((method, operation) ->
                assertFalse(map(operation).containsKey("x-amazon-apigateway-request-validator"), method + " " + path)));
    }

    /** The web page's routes: static, public, served by one function. */
    private static final Map<String, String> PAGE_ROUTES = Map.of("ServePage", "/", "ServePageAsset", "/assets/*");

    @Test
    void everyJobsRoute_requiresSigV4_theApiKey_orACognitoToken_asApiAuthSays_andInvokesItsFunctionsLiveAlias() {
        map(body.get("paths")).forEach((path, methods) -> map(methods).forEach((method, operation) -> {
            Map<String, Object> op = map(operation);
            String operationId = String.valueOf(op.get("operationId"));
            boolean page = PAGE_ROUTES.containsKey(operationId);
            Object expectedSecurity = page ? List.of()
                    : Map.of("Fn::If", List.of("UseApiKey", List.of(Map.of("api_key", List.of())),
                            Map.of("Fn::If", List.of("UseCognito", List.of(Map.of("cognito", List.of())), List.of(Map.of("sigv4", List.of()))))));
            assertEquals(expectedSecurity, op.get("security"), method + " " + path);
            Map<String, Object> integration = map(op.get("x-amazon-apigateway-integration"));
            assertEquals("aws_proxy", integration.get("type"));
            String fn = (page ? "ServePage" : operationId) + "Function";
            assertTrue(text(integration.get("uri")).contains("${" + fn + ".Alias}"), method + " " + path);
            Map<String, Object> permission = template.properties(operationId + "Permission");
            assertEquals(Map.of("Ref", fn + ".Alias"), permission.get("FunctionName"));
            assertEquals("apigateway.amazonaws.com", permission.get("Principal"));
            if (page) {
                assertTrue(text(permission.get("SourceArn")).endsWith("${JobsApi}/*/GET" + PAGE_ROUTES.get(operationId)),
                        "the page's permission is scoped to its route: " + permission.get("SourceArn"));
            }
        }));
        assertEquals("awsSigv4", map(map(map(body.get("components")).get("securitySchemes")).get("sigv4")).get("x-amazon-apigateway-authtype"));
        for (String keyResource : List.of("JobsApiKey", "JobsApiUsagePlan", "JobsApiUsagePlanKey")) {
            assertEquals("UseApiKey", template.resource(keyResource).get("Condition"), keyResource);
        }
        Map<String, Object> plan = template.properties("JobsApiUsagePlan");
        assertTrue(plan.containsKey("Throttle") && plan.containsKey("Quota"), "the usage plan throttles and sets a quota");
        assertEquals(new TreeSet<>(List.of("AWS_IAM", "API_KEY", "COGNITO")),
                new TreeSet<>(asList(map(map(template.raw().get("Parameters")).get("ApiAuth")).get("AllowedValues"))));
        assertEquals("AWS_IAM", map(map(template.raw().get("Parameters")).get("ApiAuth")).get("Default"));
    }

    @Test
    void cognito_isTheThirdMode_aPkceCodeClientOnTheApisPage_andTheStageTellsThePageWhereToSignIn() {
        for (String resource : List.of("WebUserPool", "WebUserPoolDomain", "WebUserPoolClient")) {
            assertEquals("UseCognito", template.resource(resource).get("Condition"), resource);
        }
        Map<String, Object> client = template.properties("WebUserPoolClient");
        assertEquals(false, client.get("GenerateSecret"), "a browser cannot keep a secret: a public client with PKCE");
        assertEquals(List.of("code"), client.get("AllowedOAuthFlows"));
        assertEquals(List.of(Map.of("Fn::Sub", "https://${JobsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/v1/")), client.get("CallbackURLs"));
        assertEquals(true, template.properties("WebUserPool").get("AdminCreateUserConfig") instanceof Map<?, ?> c && Boolean.TRUE.equals(c.get("AllowAdminCreateUserOnly")));
        Map<String, Object> scheme = map(map(map(body.get("components")).get("securitySchemes")).get("cognito"));
        List<Object> branches = asList(scheme.get("Fn::If"));
        assertEquals("UseCognito", branches.get(0));
        assertEquals("cognito_user_pools", map(branches.get(1)).get("x-amazon-apigateway-authtype"));
        Map<String, Object> variables = map(template.properties("JobsApi").get("Variables"));
        assertEquals(new TreeSet<>(List.of("signInDomain", "signInClientId")), new TreeSet<>(variables.keySet()));
        Map<String, Object> role = template.properties("ServePageRole");
        assertEquals(List.of(Map.of("Ref", "FunctionBasePolicy")), role.get("ManagedPolicyArns"), "the page function reads no AWS resource");
        assertFalse(role.containsKey("Policies"), "the page function reads no AWS resource");
    }

    @Test
    void theBucket_letsOnlyThePageOnTheApisOriginPut() {
        List<Object> rules = asList(map(template.properties("MediaBucket").get("CorsConfiguration")).get("CorsRules"));
        assertEquals(1, rules.size());
        Map<String, Object> rule = map(rules.get(0));
        assertEquals(List.of("PUT"), rule.get("AllowedMethods"));
        assertEquals(List.of(Map.of("Fn::Sub", "https://${JobsApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}")), rule.get("AllowedOrigins"));
        assertEquals(List.of("Content-Type"), rule.get("AllowedHeaders"));
    }

    @Test
    void gatewayRefusals_areProblemJson() {
        Map<String, Object> refusals = map(map(template.properties("JobsApi").get("GatewayResponses")).get("DEFAULT_4XX"));
        assertEquals("'application/problem+json'", map(map(refusals.get("ResponseParameters")).get("Headers")).get("Content-Type"));
    }
}
