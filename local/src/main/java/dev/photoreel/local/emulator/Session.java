package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** One editing session: its uploads (in upload order) and its current draft. Guarded by its own monitor. */
final class Session {

    final String sessionId;
    final String taskId;
    final String taskName;
    final String language;
    final String userId;
    private final List<StoredFile> files = new ArrayList<>();
    private ObjectNode draft;
    private InstructionPlan plan = InstructionPlan.EMPTY;
    private int edits;

    Session(String sessionId, String taskId, String taskName, String language, String userId) {
        this.sessionId = sessionId;
        this.taskId = taskId;
        this.taskName = taskName;
        this.language = language;
        this.userId = userId;
    }

    synchronized void addFiles(List<StoredFile> added) {
        files.addAll(added);
    }

    synchronized List<StoredFile> files() {
        return List.copyOf(files);
    }

    /** The draft, or null before the first edit. */
    synchronized ObjectNode draft() {
        return draft == null ? null : draft.deepCopy();
    }

    synchronized InstructionPlan plan() {
        return plan;
    }

    synchronized void applyEdit(InstructionPlan newPlan, ObjectNode newDraft) {
        plan = newPlan;
        draft = newDraft.deepCopy();
        edits++;
    }

    synchronized int edits() {
        return edits;
    }
}
