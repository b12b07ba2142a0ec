package dev.photoreel.local.stack;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Lambda endpoint: serves the Lambda Invoke API
 * ({@code POST /2015-03-31/functions/<name-or-arn>/invocations}, like {@code sam local start-lambda}) from
 * the {@link FunctionRuntime}, and proxies every other request to moto. moto's Step Functions interpreter
 * sends all its service calls to {@code http://localhost:$MOTO_PORT}; moto runs with {@code MOTO_PORT} set
 * to this endpoint's port, so its Lambda calls reach the real handlers and everything else reaches moto.
 */
public final class LambdaEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LambdaEndpoint.class);
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings", "date", "via", "warning", "from");

    private final HttpServer server;
    private final FunctionRuntime runtime;
    private final URI moto;
    private final HttpClient client;
    private final ExecutorService workers;
    private final AwsFaults faults;

    private LambdaEndpoint(HttpServer server, FunctionRuntime runtime, URI moto, AwsFaults faults) {
        this.faults = faults;
        this.server = server;
        this.runtime = runtime;
        this.moto = moto;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-endpoint-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds the endpoint on a loopback port ({@code 0}: a free one) and starts it. */
    public static LambdaEndpoint start(int port, FunctionRuntime runtime, URI moto) throws IOException {
        return start(port, runtime, moto, new AwsFaults());
    }

    /** As {@link #start(int, FunctionRuntime, URI)}, answering proxied requests with the armed {@code faults}. */
    public static LambdaEndpoint start(int port, FunctionRuntime runtime, URI moto, AwsFaults faults) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        LambdaEndpoint endpoint = new LambdaEndpoint(server, runtime, moto, faults);
        server.createContext("/", endpoint::handle);
        server.setExecutor(endpoint.workers);
        server.start();
        return endpoint;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (invoke.matches() && exchange.getRequestMethod().equals("POST")) {
                invoke(exchange, URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
            } else {
                proxy(exchange);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Local Lambda endpoint failed a request: method={} path={} error={}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e.toString());
            try {
                send(exchange, 502, ("{\"message\":\"local Lambda endpoint: " + e.getClass().getSimpleName() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException alreadyAnswered) {
                // The response had started: the client sees the connection close.
            }
        }
    }

    private void invoke(HttpExchange exchange, String functionName) throws IOException {
        byte[] payload = exchange.getRequestBody().readAllBytes();
        Optional<FunctionSpec> function = runtime.find(functionName);
        if (function.isEmpty()) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            send(exchange, 404, ("{\"Type\":\"User\",\"Message\":\"Function not found: " + functionName.replace("\"", "") + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String arn = functionName.startsWith("arn:") ? functionName
                : "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + functionName;
        String invocationType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type")).orElse("RequestResponse");
        switch (invocationType) {
            case "DryRun" -> send(exchange, 204, new byte[0]);
            case "Event" -> {
                workers.submit(() -> runtime.invoke(function.get(), payload, arn));
                send(exchange, 202, new byte[0]);
            }
            default -> {
                FunctionRuntime.Invocation result = runtime.invoke(function.get(), payload, arn);
                Headers headers = exchange.getResponseHeaders();
                headers.add("Content-Type", "application/json");
                headers.add("X-Amz-Executed-Version", "$LATEST");
                if (result.failed()) {
                    headers.add("X-Amz-Function-Error", result.functionError());
                }
                send(exchange, 200, result.payload());
            }
        }
    }

    private void proxy(HttpExchange exchange) throws IOException {
        URI target = moto.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Optional<AwsFaults.Response> fault = faults.intercept(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
        if (fault.isPresent()) {
            exchange.getResponseHeaders().add("Content-Type", fault.get().contentType());
            send(exchange, fault.get().status(), fault.get().body());
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(5))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!HOP_HEADERS.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while proxying to moto", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
        if (noBody) {
            exchange.sendResponseHeaders(response.statusCode(), -1);
        } else {
            send(exchange, response.statusCode(), response.body());
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
