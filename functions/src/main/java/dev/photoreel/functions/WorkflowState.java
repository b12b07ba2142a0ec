package dev.photoreel.functions;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.photoreel.workflow.FailureDescriber;
import dev.photoreel.workflow.JobSettings;
import dev.photoreel.workflow.RenderService;

/**
 * The part of the execution state the handlers read (see docs/workflow-contract.md). Every handler
 * gets the whole state; unknown fields are ignored, and counters default to 0.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WorkflowState(String jobId, String bucket, String prefix, JobSettings settings, Counter uploads,
                     Vendor vendor, Counter draft, Render render, CaughtError error,
                     CaughtError vendorError) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counter(int checks) {
    }

    /** {@code $.vendor}: the session, and how often it was renewed after the vendor lost one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Vendor(String sessionId, String taskId, int renewals) {
    }

    /** {@code $.render}: the previous poll (see {@link RenderService.PreviousPoll}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Render(String renderId, int polls, int progress, long submittedAt, long elapsedSeconds, int nextPollSeconds) {
    }

    /** A Catch's {@code ResultPath: $.error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }

    String requireJobId() {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("the step input has no jobId: the state machine passes the whole state ($)");
        }
        return jobId;
    }

    int uploadChecks() {
        return uploads == null ? 0 : uploads.checks();
    }

    int draftChecks() {
        return draft == null ? 0 : draft.checks();
    }

    String requireSessionId() {
        if (vendor == null || vendor.sessionId() == null) {
            throw new IllegalArgumentException("the step input has no vendor.sessionId: Create Session must run first");
        }
        return vendor.sessionId();
    }

    /**
     * The session the vendor lost, or null: Create Session runs with a {@code $.vendor} already in the
     * state only when the "Session Lost?" Choice sends the execution back to it.
     */
    String lostSessionId() {
        return vendor == null ? null : vendor.sessionId();
    }

    int sessionRenewals() {
        return vendor == null ? 0 : vendor.renewals();
    }

    String requireRenderId() {
        if (render == null || render.renderId() == null) {
            throw new IllegalArgumentException("the step input has no render.renderId: Submit Render must run first");
        }
        return render.renderId();
    }

    /** The previous poll of the render ({@code $.render}); Submit Render must have run. */
    RenderService.PreviousPoll previousRenderPoll() {
        requireRenderId();
        return new RenderService.PreviousPoll(render.renderId(), render.polls(), render.progress(), render.submittedAt(),
                render.nextPollSeconds());
    }

    /**
     * What the state says about the loops, for the failure step's message when a loop's Choice ended the job (the
     * execution's own settings only: a loop bound is the Choice's, which reads {@code $.settings}).
     */
    FailureDescriber.Loops loops() {
        return new FailureDescriber.Loops(prefix, uploadChecks(), draftChecks(), render == null ? 0 : render.polls(),
                render == null ? 0 : render.progress(), render == null ? 0 : render.elapsedSeconds(), settings);
    }

    /** The settings from the execution input, or the function's own when a test event carries none. */
    JobSettings settingsOr(java.util.function.Supplier<JobSettings> fallback) {
        return settings == null || settings.pollIntervalSeconds() <= 0 ? fallback.get() : settings;
    }
}
