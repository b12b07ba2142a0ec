package dev.photoreel.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The vendor's draft (timeline) JSON with its short keys. Kept as the vendor sent it: unknown keys
 * survive, so the draft goes back to the render call unchanged.
 *
 * <p>Keys: {@code t} tracks; per track {@code tt} type (0 video/image, 1 audio/BGM, 7 text/title),
 * {@code sg} segments, {@code d} duration in ms, {@code m} metadata.
 */
public final class Draft {

    private static final ObjectMapper MAPPER = dev.photoreel.nemo.internal.Json.MAPPER;

    private final ObjectNode json;

    private Draft(ObjectNode json) {
        this.json = json;
    }

    /** Wraps a draft object (a deep copy is kept). */
    public static Draft of(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a draft must be a JSON object, got: " + (json == null ? "null" : json.getNodeType()));
        }
        return new Draft(((ObjectNode) json).deepCopy());
    }

    public static Draft parse(String jsonText) {
        try {
            return of(MAPPER.readTree(jsonText));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a draft must be valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A deep copy of the draft as JSON. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    public String toJsonText() {
        return json.toString();
    }

    /** Exportable when {@code t} has at least one track with a non-empty {@code sg}. */
    public boolean isExportable() {
        JsonNode tracks = json.path("t");
        for (JsonNode track : tracks) {
            JsonNode segments = track.path("sg");
            if (segments.isArray() && !segments.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The timeline summary for people, e.g. {@code Timeline (3 tracks): 1. Video: city (0-10s) ...}. */
    public String summary() {
        return DraftSummary.of(json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Draft d && d.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "Draft[" + summary() + "]";
    }
}
