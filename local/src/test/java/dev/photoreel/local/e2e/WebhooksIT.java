package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.workflow.webhook.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job created through the API with a {@code callbackUrl} gets exactly one signed webhook for its outcome, on a
 * receiver on 127.0.0.1 that verifies it the way the README says: with the secret read from Secrets Manager.
 */
class WebhooksIT {

    private static final Path EXAMPLES = StackOptions.findProjectRoot(Path.of("")).resolve("examples");

    /** One request as the receiver saw it. */
    private record Received(Map<String, String> headers, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private ApiClient api;

    @BeforeEach
    void start() throws IOException {
        E2eStack.resetVendor();
        PhotoreelStack stack = E2eStack.stack();
        api = new ApiClient(stack.apiUrl(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/photoreel", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : List.of("Photoreel-Event-Id", "Photoreel-Timestamp", "Photoreel-Signature", "Content-Type")) {
                headers.put(name, exchange.getRequestHeaders().getFirst(name));
            }
            received.add(new Received(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void apiJobWithCallbackUrl_getsOneSignedWebhook_whoseBodyIsTheSnsNotificationPlusEventId() {
        String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/photoreel";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("01-morning.jpg", E2eJob.read(EXAMPLES.resolve("seaside/01-morning.jpg")));
        files.put("02-midday.jpg", E2eJob.read(EXAMPLES.resolve("seaside/02-midday.jpg")));
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("title", "Webhook trip");
        body.put("secondsPerImage", 1);
        body.put("callbackUrl", callbackUrl);
        ArrayNode announced = body.putArray("files");
        files.forEach((name, content) -> announced.addObject().put("name", name).put("contentType", "image/jpeg").put("size", content.length));

        ApiClient.Response created = api.post("/jobs", body.toString(), Map.of());
        assertEquals(201, created.status(), created::toString);
        String jobId = created.json().path("jobId").asText();
        for (JsonNode upload : created.json().path("uploads")) {
            assertEquals(200, api.put(upload.path("url").asText(), files.get(upload.path("name").asText()), "image/jpeg").status());
        }
        assertEquals(202, api.post("/jobs/" + jobId + "/start", null, Map.of()).status());

        JsonNode notification = E2eStack.inbox().await(n -> jobId.equals(n.body().path("jobId").asText()), E2eJob.OUTCOME_TIMEOUT)
                .orElseThrow(() -> new AssertionError("no SNS notification for " + jobId)).body();
        Received webhook = E2eJob.poll(() -> received.stream().findFirst(), Duration.ofSeconds(30), "no webhook for " + jobId);
        // a second SNS message or webhook would have arrived by the time this returns
        E2eJob.assertOneNotification(jobId);
        assertEquals(1, received.size(), "webhooks for " + jobId);

        String status = notification.path("status").asText();
        String eventId = jobId + ":" + status;
        assertEquals(eventId, webhook.headers().get("Photoreel-Event-Id"));
        assertEquals("application/json", webhook.headers().get("Content-Type"));
        long timestamp = Long.parseLong(webhook.headers().get("Photoreel-Timestamp"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - timestamp) < 300, "the timestamp is now, not " + timestamp);
        String secret = E2eStack.stack().aws().secrets()
                .getSecretValue(b -> b.secretId(E2eStack.stack().handlerEnvironment().get("WEBHOOK_SECRET_ARN"))).secretString();
        assertTrue(WebhookSignature.verify(secret, timestamp, webhook.body(), webhook.headers().get("Photoreel-Signature")),
                "Photoreel-Signature does not verify with the secret from Secrets Manager");
        ObjectNode payload = (ObjectNode) readJson(webhook.body());
        assertEquals(eventId, payload.remove("eventId").asText());
        assertEquals(notification, payload, "the webhook body is the SNS notification plus eventId");
        assertEquals("COMPLETED", status, notification::toString);

        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = E2eStack.jobs().job(jobId).orElseThrow();
        assertEquals("DELIVERED", JobItems.text(item, "webhook"));
        assertEquals("1", item.get("webhookAttempts").n());
        assertEquals("204", item.get("webhookLastStatus").n());
        assertEquals(callbackUrl, JobItems.text(item, "callbackUrl"));
    }

    private static JsonNode readJson(String text) {
        try {
            return ApiClient.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the webhook body is not JSON", e);
        }
    }

}
