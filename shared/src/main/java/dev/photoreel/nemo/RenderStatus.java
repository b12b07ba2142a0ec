package dev.photoreel.nemo;

/**
 * One answer of the render poll (or submit), whichever shape the vendor used.
 * A render is complete only when the state is COMPLETED and an output URL is present.
 */
public record RenderStatus(String renderId, State state, int progress, String outputUrl,
                           Double durationSeconds, Long sizeBytes, String error) {

    public enum State { PENDING, PROCESSING, COMPLETED, FAILED }

    public boolean isComplete() {
        return state == State.COMPLETED && outputUrl != null && !outputUrl.isBlank();
    }

    public boolean isFailed() {
        return state == State.FAILED;
    }
}
