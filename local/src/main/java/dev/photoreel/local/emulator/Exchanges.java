package dev.photoreel.local.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.local.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The emulator's small HTTP helpers: read a JSON body, answer JSON, drain a body, decode a path part. */
final class Exchanges {

    /** The emulator's one {@link ObjectMapper}. */
    static final ObjectMapper JSON = Json.MAPPER;

    private Exchanges() {
    }

    static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw new BadRequest(422, "A JSON body is required");
        }
        try {
            JsonNode json = JSON.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new BadRequest(422, "The body must be a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    static JsonNode readJsonOrEmpty(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, "Invalid JSON body: " + e.getOriginalMessage());
        }
    }

    static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    static int ok(HttpExchange ex, JsonNode data) throws IOException {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("code", 0).put("message", "success").set("data", data);
        return send(ex, 200, envelope);
    }

    static int send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    static int trySend(HttpExchange ex, int status, JsonNode body) {
        try {
            return send(ex, status, body);
        } catch (IOException | RuntimeException e) {
            return status;
        }
    }

    static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A request the emulator cannot read: a FastAPI-style {@code detail} answer. */
    static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
