package dev.photoreel.nemo;

import com.fasterxml.jackson.databind.JsonNode;

/** Writes a draft's timeline summary in the contract's form. */
final class DraftSummary {

    private DraftSummary() {
    }

    static String of(JsonNode draft) {
        // Placeholder until the client work lands: counts tracks only.
        return "Timeline (" + draft.path("t").size() + " tracks)";
    }
}
