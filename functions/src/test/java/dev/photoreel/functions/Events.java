package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Loads the sample events from the repository's {@code events/} folder and invokes handlers with them. */
final class Events {

    private Events() {
    }

    static Path directory() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no events/ folder above " + Paths.get("").toAbsolutePath());
        }
        return dir.resolve("events");
    }

    static ObjectNode load(String name) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(directory().resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event with the fixture's job id instead of the sample one. */
    static ObjectNode forJob(String name, String jobId) {
        ObjectNode event = load(name);
        event.put("jobId", jobId);
        return event;
    }

    static JsonNode invoke(RequestStreamHandler handler, JsonNode event, Context context) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, context);
            return Json.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode invoke(RequestStreamHandler handler, JsonNode event) {
        return invoke(handler, event, new FakeContext());
    }
}
