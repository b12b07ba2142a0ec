package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.config.Environment;
import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiProblem;
import dev.photoreel.workflow.api.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route of the jobs API: reads the proxy event, makes one service call, writes the proxy response. A refused
 * request ({@link ApiProblem}) becomes {@code application/problem+json} (RFC 9457); anything else is a 500 that
 * names no internals (the cause is in the log).
 */
public abstract class ApiHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    /**
     * {@code CORS_ALLOW_ORIGIN}: the origin browsers may call from. Optional: unset or empty means no CORS headers (the
     * template sets it on every route function from the parameter {@code CorsAllowOrigin}, empty by default).
     */
    static final String CORS_ALLOW_ORIGIN = Environment.system().optional("CORS_ALLOW_ORIGIN").orElse("");

    static {
        Priming.register();
    }

    private final WorkflowMetrics metrics;

    ApiHandler(WorkflowMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiRequest.from(Json.read(input));
        ApiResponse response = Observed.run(context, request.pathParameter("id").orElse(null), route(), metrics, () -> respond(request));
        Json.write(output, proxyResponse(response));
    }

    /** The route's name in logs and metrics, e.g. {@code CreateJob}. */
    abstract String route();

    abstract ApiResponse handle(ApiRequest request);

    private ApiResponse respond(ApiRequest request) {
        try {
            return handle(request);
        } catch (ApiProblem problem) {
            LOG.atInfo().addKeyValue("status", problem.status()).addKeyValue("problem", problem.type()).log(problem.detail());
            return problem(problem);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("request failed");
            return problem(new ApiProblem(500, "internal-error", "Internal error",
                    "the request could not be handled; it is logged. Retry later (with the same Idempotency-Key for a POST)",
                    java.util.List.of()));
        }
    }

    static ApiResponse problem(ApiProblem problem) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (!problem.errors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            problem.errors().forEach(e -> errors.addObject().put("field", e.field()).put("detail", e.detail()));
        }
        return new ApiResponse(problem.status(), Map.of("Content-Type", "application/problem+json"), body.toString());
    }

    static ObjectNode proxyResponse(ApiResponse response) {
        ObjectNode proxy = Json.MAPPER.createObjectNode();
        proxy.put("statusCode", response.status());
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        if (!CORS_ALLOW_ORIGIN.isBlank()) {
            headers.put("Access-Control-Allow-Origin", CORS_ALLOW_ORIGIN);
            headers.put("Access-Control-Expose-Headers", "Location, Idempotent-Replayed");
            headers.put("Vary", "Origin");
        }
        ObjectNode headerNode = proxy.putObject("headers");
        headers.forEach(headerNode::put);
        proxy.put("body", response.body() == null ? "" : response.body());
        proxy.put("isBase64Encoded", false);
        return proxy;
    }
}
