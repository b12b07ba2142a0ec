package dev.photoreel.workflow;

/**
 * The loop settings StartJob writes into the execution input ({@code $.settings}), so the state
 * machine's Wait states and the handlers' bounds come from the environment (30 s in production,
 * 1 s in tests). The render is polled by its progress, at most every {@code minPollSeconds} and at
 * least every {@code pollIntervalSeconds} ({@link RenderPollSchedule}).
 */
public record JobSettings(int quietPeriodSeconds, int uploadCheckSeconds, int pollIntervalSeconds,
                          int renderTimeoutSeconds, int draftCheckSeconds, int maxUploadChecks,
                          int maxDraftChecks, int maxRenderPolls, int minPollSeconds) {
}
