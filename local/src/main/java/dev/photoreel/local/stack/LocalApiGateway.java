package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.photoreel.local.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The template's REST API on a loopback port, as {@code sam local start-api} serves it: each HTTP request is matched
 * to a route of the API's DefinitionBody, authenticated as the route's security scheme says (a SigV4 signature for
 * {@code execute-api} made with the stack's local credentials, verified for real; or the local API key in
 * {@code x-api-key}), turned into an API Gateway proxy event (REST API, payload format 1.0) and invoked on the route's
 * function through the {@link FunctionRuntime}; the handler's proxy response becomes the HTTP response. The template
 * declares no request model (the handlers validate the bodies), so there is none to apply here.
 */
public final class LocalApiGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalApiGateway.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    /** The API key of API_KEY mode locally (printed by {@code photoreel stack}). */
    public static final String LOCAL_API_KEY = "photoreel-local-api-key-0001";
    static final String STAGE = "local";

    private record CompiledRoute(SamTemplate.ApiRoute route, Pattern pattern, List<String> parameters) {
    }

    private final HttpServer server;
    private final FunctionRuntime runtime;
    private final List<CompiledRoute> routes = new ArrayList<>();
    private final SigV4Verifier verifier;
    private final LocalSignIn signIn;
    private final Map<String, String> stageVariables;
    private final Clock clock;
    private final ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "local-api");
        t.setDaemon(true);
        return t;
    });

    private LocalApiGateway(HttpServer server, List<SamTemplate.ApiRoute> routes, FunctionRuntime runtime, SigV4Verifier verifier, Clock clock) {
        this.server = server;
        this.signIn = new LocalSignIn(clock);
        this.signIn.origin(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        // what the template's stage variables say when ApiAuth is COGNITO, pointed at the local sign-in
        this.stageVariables = Map.of("signInDomain", signIn.domain(), "signInClientId", LocalSignIn.CLIENT_ID);
        this.runtime = runtime;
        this.verifier = verifier;
        this.clock = clock;
        for (SamTemplate.ApiRoute route : routes) {
            List<String> names = new ArrayList<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
            StringBuilder regex = new StringBuilder("^");
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(route.path().substring(last, m.start()))).append("([^/]+)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(route.path().substring(last))).append("/?$");
            this.routes.add(new CompiledRoute(route, Pattern.compile(regex.toString()), names));
        }
    }

    /** Serves {@code routes} on a free loopback port. */
    public static LocalApiGateway start(List<SamTemplate.ApiRoute> routes, FunctionRuntime runtime, String accessKey, String secretKey)
            throws IOException {
        if (routes.isEmpty()) {
            throw new IllegalStateException("the template declares no REST API routes (an AWS::Serverless::Api with a DefinitionBody)");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        LocalApiGateway gateway = new LocalApiGateway(server, routes, runtime, new SigV4Verifier(accessKey, secretKey, SamTemplate.REGION),
                Clock.systemUTC());
        server.createContext("/", gateway::handle);
        server.setExecutor(gateway.workers);
        server.start();
        LOG.info("Local API: {} routes at {}", routes.size(), gateway.uri());
        return gateway;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The security scheme of the jobs routes ({@code sigv4} or {@code api_key}); the page's routes have none. */
    public String security() {
        return routes.stream().map(r -> r.route().security()).filter(s -> !"none".equals(s)).findFirst().orElse("none");
    }

    /** The page's sign-in (the local stand-in for Cognito's hosted UI and authorizer). */
    public LocalSignIn signIn() {
        return signIn;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (path.startsWith(LocalSignIn.PATH + "/")) {
                LocalSignInPages.handle(exchange, signIn, method, path.substring(LocalSignIn.PATH.length()), body);
                return;
            }
            Optional<Map.Entry<CompiledRoute, Map<String, String>>> match = match(method, path);
            if (match.isEmpty()) {
                gatewayError(exchange, 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token (no route " + method + " " + path + ")");
                return;
            }
            CompiledRoute route = match.get().getKey();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
            ObjectNode identity = JSON.createObjectNode();
            identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
            headers.getOrDefault("user-agent", List.of()).stream().findFirst().ifPresent(ua -> identity.put("userAgent", ua));
            String authorization = headers.getOrDefault("authorization", List.of()).stream().findFirst().orElse(null);
            boolean pageToken = authorization != null && !authorization.startsWith("AWS4-HMAC-SHA256") && !"none".equals(route.route().security());
            ObjectNode authorizer = null;
            if (pageToken) {
                // the page's users: a token from the local sign-in, as the Cognito authorizer takes an ID token
                Optional<JsonNode> claims = signIn.verify(authorization);
                if (claims.isEmpty()) {
                    gatewayError(exchange, 401, "UNAUTHORIZED", "Unauthorized: the token is not one this stack issued, or it expired; sign in again");
                    return;
                }
                authorizer = JSON.createObjectNode();
                ObjectNode claimsNode = authorizer.putObject("claims");
                claims.get().fields().forEachRemaining(c -> claimsNode.put(c.getKey(), c.getValue().asText()));
            } else if ("api_key".equals(route.route().security())) {
                String key = headers.getOrDefault("x-api-key", List.of()).stream().findFirst().orElse(null);
                if (!LOCAL_API_KEY.equals(key)) {
                    gatewayError(exchange, 403, "INVALID_API_KEY", "Forbidden: send the stack's API key in x-api-key");
                    return;
                }
                identity.put("apiKey", key);
                identity.put("apiKeyId", "local-api-key");
            } else if ("sigv4".equals(route.route().security())) {
                SigV4Verifier.Result result = verifier.verify(method, rawPath, exchange.getRequestURI().getRawQuery(), headers, body, clock.instant());
                if (result.principal().isEmpty()) {
                    boolean missing = !headers.containsKey("authorization");
                    gatewayError(exchange, 403, missing ? "MISSING_AUTHENTICATION_TOKEN" : "INVALID_SIGNATURE", result.refusal());
                    return;
                }
                identity.put("accessKey", result.principal().get().accessKey());
                identity.put("userArn", result.principal().get().userArn());
                identity.put("caller", result.principal().get().accessKey());
                identity.put("accountId", SamTemplate.ACCOUNT_ID);
            }
            ObjectNode event = event(exchange, method, path, route, match.get().getValue(), body, identity);
            if (authorizer != null) {
                ((ObjectNode) event.path("requestContext")).set("authorizer", authorizer);
            }
            ObjectNode variables = event.putObject("stageVariables");
            stageVariables.forEach(variables::put);
            FunctionSpec function = runtime.find(route.route().functionLogicalId()).orElseThrow(() -> new IllegalStateException(
                    "route " + method + " " + route.route().path() + " names " + route.route().functionLogicalId() + ", not a function"));
            FunctionRuntime.Invocation invocation = runtime.invoke(function, JSON.writeValueAsBytes(event),
                    "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + function.name());
            if (invocation.failed()) {
                LOG.warn("{} failed: {}", function.logicalId(), new String(invocation.payload(), StandardCharsets.UTF_8));
                gatewayError(exchange, 502, "INTEGRATION_FAILURE", "Internal server error");
                return;
            }
            respond(exchange, JSON.readTree(invocation.payload()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Local API failed a request: {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            try {
                gatewayError(exchange, 502, "INTEGRATION_FAILURE", "Internal server error");
            } catch (IOException | RuntimeException alreadyAnswered) {
                // the response had started
            }
        }
    }

    private Optional<Map.Entry<CompiledRoute, Map<String, String>>> match(String method, String path) {
        for (CompiledRoute route : routes) {
            if (!route.route().method().equals(method)) {
                continue;
            }
            Matcher m = route.pattern().matcher(path);
            if (m.matches()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < route.parameters().size(); i++) {
                    parameters.put(route.parameters().get(i), m.group(i + 1));
                }
                return Optional.of(Map.entry(route, parameters));
            }
        }
        return Optional.empty();
    }

    private static ObjectNode event(HttpExchange exchange, String method, String path, CompiledRoute route, Map<String, String> pathParameters,
                                    byte[] body, ObjectNode identity) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", route.route().path());
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            values.forEach(multiHeaders.withArray(name)::add);
        });
        headers.put("X-Forwarded-Proto", "http");
        multiHeaders.withArray("X-Forwarded-Proto").add("http");
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery == null || rawQuery.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode query = event.putObject("queryStringParameters");
            ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(name, value);
                multiQuery.withArray(name).add(value);
            }
        }
        if (pathParameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", route.route().path());
        context.put("httpMethod", method);
        context.put("path", path);
        context.put("stage", STAGE);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("accountId", SamTemplate.ACCOUNT_ID);
        context.put("apiId", "local");
        context.put("protocol", exchange.getProtocol());
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.set("identity", identity);
        if (body.length == 0) {
            event.putNull("body");
        } else {
            event.put("body", new String(body, StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private static void respond(HttpExchange exchange, JsonNode response) throws IOException {
        int status = response.path("statusCode").asInt(502);
        response.path("headers").fields().forEachRemaining(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
        response.path("multiValueHeaders").fields().forEachRemaining(h -> h.getValue().forEach(v -> exchange.getResponseHeaders().add(h.getKey(), v.asText())));
        String text = response.path("body").asText("");
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false) ? java.util.Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** A refusal by the gateway itself, in the shape the template's gateway responses give it. */
    private static void gatewayError(HttpExchange exchange, int status, String code, String detail) throws IOException {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "urn:photoreel:problem:gateway");
        problem.put("title", "Refused by the API gateway");
        problem.put("code", code);
        problem.put("detail", detail);
        byte[] bytes = JSON.writeValueAsBytes(problem);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
