package dev.photoreel.nemo;

/** The latest state of a session. {@code draft} is null when the session has none yet. */
public record SessionState(String sessionId, String taskId, String taskName, Draft draft) {

    public boolean hasExportableDraft() {
        return draft != null && draft.isExportable();
    }
}
