package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Plain java.net.http calls against an emulator, for tests of the emulator itself. */
final class RawHttp {

    static final ObjectMapper JSON = Json.MAPPER;

    /** A response: status, body text, headers. */
    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        JsonNode data() {
            return json().path("data");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    RawHttp(String base) {
        this.base = base;
    }

    Reply get(String path, String token) {
        return send(builder(path, token).GET());
    }

    Reply postJson(String path, String token, String json) {
        return send(builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply postJson(String path, String token, String json, Map<String, String> headers) {
        HttpRequest.Builder b = builder(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b);
    }

    Reply mint(String clientId) {
        HttpRequest.Builder b = builder("/api/auth/anonymous-token", null).POST(HttpRequest.BodyPublishers.noBody());
        if (clientId != null) {
            b.header("X-Client-Id", clientId);
        }
        return send(b);
    }

    String token() {
        Reply r = mint(UUID.randomUUID().toString());
        if (r.status() != 200) {
            throw new AssertionError("mint failed: " + r);
        }
        return r.data().path("token").asText();
    }

    String session(String token) {
        Reply r = postJson("/api/tasks/me/with-session/nemo_agent", token, "{\"task_name\":\"project\",\"language\":\"en\"}");
        if (r.data().path("session_id").isMissingNode()) {
            throw new AssertionError("session failed: " + r);
        }
        return r.data().path("session_id").asText();
    }

    /** Multipart upload of {@code files} (name → bytes), one {@code files} part each. */
    Reply upload(String token, String sessionId, Map<String, byte[]> files) {
        String boundary = "----emulatortest" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
                        + f.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                body.write(f.getValue());
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(builder("/api/upload-video/nemo_agent/me/" + sessionId, token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Reply instruct(String token, String sessionId, String instruction, Map<String, String> headers) {
        String body = JSON.createObjectNode().put("app_name", "nemo_agent").put("user_id", "me").put("session_id", sessionId)
                .set("new_message", JSON.createObjectNode().set("parts",
                        JSON.createArrayNode().add(JSON.createObjectNode().put("text", instruction)))).toString();
        HttpRequest.Builder b = builder("/run_sse", token).header("Accept", "text/event-stream")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        defaultHeaders.forEach(b::header);
        return b;
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> getBytes(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient client() {
        return http;
    }
}
