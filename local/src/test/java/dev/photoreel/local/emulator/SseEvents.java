package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A whole {@code /run_sse} body split into its parts, for assertions. */
record SseEvents(List<JsonNode> events, int comments, int emptyData, String raw) {

    static SseEvents parse(String body) {
        List<JsonNode> events = new ArrayList<>();
        int comments = 0;
        int empty = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(":")) {
                comments++;
            } else if (line.equals("data:") || line.equals("data: ")) {
                empty++;
            } else if (line.startsWith("data:")) {
                try {
                    events.add(RawHttp.JSON.readTree(line.substring(5).trim()));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            } else if (!line.isEmpty()) {
                throw new AssertionError("unexpected line in the stream: " + line);
            }
        }
        return new SseEvents(events, comments, empty, body);
    }

    /** The text said: agent parts without thought, and typed text events. */
    String text() {
        StringBuilder s = new StringBuilder();
        for (JsonNode e : events) {
            for (JsonNode part : e.path("content").path("parts")) {
                if (part.has("text") && !part.path("thought").asBoolean(false)) {
                    s.append(part.get("text").asText()).append('\n');
                }
            }
            if ("text".equals(e.path("type").asText())) {
                s.append(e.path("content").asText()).append('\n');
            }
        }
        return s.toString();
    }

    long count(java.util.function.Predicate<JsonNode> p) {
        return events.stream().filter(p).count();
    }
}
