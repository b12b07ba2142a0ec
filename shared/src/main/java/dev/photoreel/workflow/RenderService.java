package dev.photoreel.workflow;

import dev.photoreel.nemo.NemoApi;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.workflow.exceptions.DraftNotReadyException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits the export (render) of the session's draft, unchanged, and polls it once per call. Each answer says
 * when to poll next ({@code nextPollSeconds}, the {@code Wait For Render} state's {@code SecondsPath}), from the
 * progress seen so far ({@link RenderPollSchedule}), and {@code elapsedSeconds} how long since the submit: the state
 * machine's "Render Finished?" Choice ends the loop when that passes {@code settings.renderTimeoutSeconds}.
 */
public final class RenderService {

    private static final Logger LOG = LoggerFactory.getLogger(RenderService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobRepository jobs;
    private final NemoApi vendor;
    private final Clock clock;

    public RenderService(JobRepository jobs, NemoApi vendor, Clock clock) {
        this.jobs = jobs;
        this.vendor = vendor;
        this.clock = clock;
    }

    /**
     * {@code $.render}: {@code submittedAt} is the submit's time (epoch milliseconds), {@code elapsedSeconds} the time
     * since it at this poll, {@code nextPollSeconds} the wait before the next poll.
     */
    public record RenderProgress(String renderId, String status, int progress, int polls, boolean complete,
                                 long submittedAt, long elapsedSeconds, int nextPollSeconds) {
    }

    /** The previous poll's {@code $.render}, as the next Check Render reads it (0 for what an older execution lacks). */
    public record PreviousPoll(String renderId, int polls, int progress, long submittedAt, int nextPollSeconds) {
    }

    public RenderProgress submit(String jobId, String sessionId, JobSettings settings) {
        SessionState state = vendor.sessionState(sessionId);
        if (!state.hasExportableDraft()) {
            throw new DraftNotReadyException("the session's draft is not exportable any more (no track has a segment);"
                    + " upload again to retry the job");
        }
        // a new id per attempt, unique across concurrent jobs: the vendor refuses a duplicate id, and jobs submitted
        // in the same millisecond would share a bare timestamp
        String renderId = "render_" + clock.millis() + "_" + HexFormat.of().toHexDigits(RANDOM.nextInt());
        RenderStatus status = vendor.submitRender(renderId, sessionId, state.draft());
        String id = status.renderId() == null || status.renderId().isBlank() ? renderId : status.renderId();
        jobs.recordRenderSubmitted(jobId, id, status.progress(), state.draft().summary(), clock.instant());
        LOG.atInfo().addKeyValue("renderId", id).addKeyValue("progress", status.progress()).log("render submitted");
        return new RenderProgress(id, state(status), status.progress(), 0, false, clock.millis(), 0,
                RenderPollSchedule.of(settings).firstWaitSeconds());
    }

    public RenderProgress check(String jobId, PreviousPoll previous, JobSettings settings) {
        String renderId = previous.renderId();
        int polls = previous.polls() + 1;
        // an execution started before submittedAt was recorded: count its polls at the interval
        long submittedAt = previous.submittedAt() > 0 ? previous.submittedAt()
                : clock.millis() - (long) previous.polls() * settings.pollIntervalSeconds() * 1000L;
        Duration elapsed = Duration.ofMillis(Math.max(0, clock.millis() - submittedAt));
        RenderStatus status = vendor.pollRender(renderId);
        if (status.isFailed()) {
            throw new RenderFailedException("the editor's export failed" + (status.error() == null ? "" : ": " + status.error())
                    + "; upload again to retry, or change the instruction in job.json");
        }
        boolean complete = status.isComplete();
        jobs.recordRenderProgress(jobId, complete ? 100 : status.progress(), clock.instant());
        LOG.atInfo().addKeyValue("renderId", renderId).addKeyValue("status", state(status))
                .addKeyValue("progress", status.progress()).addKeyValue("polls", polls).log("render polled");
        if (!complete && elapsed.toSeconds() > settings.renderTimeoutSeconds()) {
            // "Render Finished?" ends the job on this poll's elapsedSeconds: the vendor need not finish a render nobody collects
            cancelQuietly(renderId);
        }
        int next = complete ? 0 : RenderPollSchedule.of(settings).nextWaitSeconds(status.progress(), previous.progress(),
                previous.nextPollSeconds(), elapsed);
        return new RenderProgress(renderId, state(status), status.progress(), polls, complete, submittedAt, elapsed.toSeconds(), next);
    }

    private void cancelQuietly(String renderId) {
        try {
            vendor.cancelRender(renderId);
        } catch (NemoException e) {
            LOG.atWarn().addKeyValue("renderId", renderId).addKeyValue("reason", e.getMessage())
                    .log("could not cancel the timed-out render");
        }
    }

    private static String state(RenderStatus status) {
        return status.state() == null ? "PENDING" : status.state().name();
    }
}
