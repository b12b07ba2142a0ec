package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import dev.photoreel.workflow.testing.Fixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderServiceTest {

    private final Fixture f = new Fixture(Map.of("POLL_INTERVAL_SECONDS", "10", "RENDER_TIMEOUT_SECONDS", "30"));

    @Test
    void submit_sendsTheDraftAndRecordsTheRender() {
        String jobId = f.jobIn(JobStatus.EDITING);
        RenderService.RenderProgress progress = f.render().submit(jobId, "123456789", f.config.settings());

        assertTrue(progress.renderId().startsWith("render_"));
        assertEquals(0, progress.polls());
        assertEquals(10, progress.nextPollSeconds(), "the first wait is the poll interval");
        assertEquals(f.clock.millis(), progress.submittedAt());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.RENDERING, job.status());
        assertEquals(progress.renderId(), job.renderId());
    }

    @Test
    void submit_twiceInTheSameMillisecond_sendsDifferentRenderIds() {
        // the clock stands still: as for two jobs (or a job and its retry) submitting in the same millisecond
        String jobId = f.jobIn(JobStatus.EDITING);
        String first = f.render().submit(jobId, "111", f.config.settings()).renderId();
        String second = f.render().submit(jobId, "111", f.config.settings()).renderId();

        assertTrue(first.matches("render_\\d+_[0-9a-f]{8}"), first);
        assertFalse(first.equals(second), "the vendor refuses a render id it has seen (HTTP 409): " + first);
    }

    @Test
    void check_reportsProgressUntilComplete() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.PROCESSING, 40, null, null, null, null));
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, "https://cdn/x.mp4", 6.0, 100L, null));

        long submittedAt = f.clock.millis();
        f.clock.advance(java.time.Duration.ofSeconds(4));
        RenderService.RenderProgress first = f.render().check(jobId, poll(0, 0, submittedAt, 4), f.config.settings());
        assertFalse(first.complete());
        assertEquals(40L, f.jobs.find(jobId).orElseThrow().progress());
        assertEquals(7, first.nextPollSeconds(), "40% after 4 s: done in about 6 s more, polled a second after");
        assertEquals(submittedAt, first.submittedAt());
        RenderService.RenderProgress second = f.render().check(jobId, poll(first.polls(), 40, submittedAt, 7), f.config.settings());
        assertTrue(second.complete());
        assertEquals(2, second.polls());
    }

    @Test
    void check_whenVendorSaysFailed_throwsRenderFailed() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.FAILED, 0, null, null, null, "codec exploded"));
        RenderFailedException e = assertThrows(RenderFailedException.class,
                () -> f.render().check(jobId, poll(0, 0, f.clock.millis(), 10), f.config.settings()));
        assertTrue(e.getMessage().contains("codec exploded"));
    }

    @Test
    void check_reportsTheTimeSinceTheSubmit_andPastTheTimeoutCancelsTheRender_theChoiceEndingTheLoop() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        long submittedAt = f.clock.millis();
        f.clock.advance(java.time.Duration.ofSeconds(30));
        RenderService.RenderProgress within = f.render().check(jobId, poll(0, 0, submittedAt, 10), f.config.settings());
        assertFalse(within.complete());
        assertEquals(30, within.elapsedSeconds(), "30 s is within the 30 s timeout, however many polls it took");
        assertFalse(f.vendor.calls.contains("cancelRender"));
        f.clock.advance(java.time.Duration.ofSeconds(1));
        RenderService.RenderProgress past = f.render().check(jobId, poll(1, 5, submittedAt, 2), f.config.settings());
        assertEquals(31, past.elapsedSeconds(), "Render Finished? compares it with settings.renderTimeoutSeconds");
        assertTrue(f.vendor.calls.contains("cancelRender"), "nobody collects a render past the timeout");
    }

    @Test
    void check_afterTheJobMovedOn_loses() {
        String jobId = f.jobIn(JobStatus.STORING);
        assertThrows(JobStateConflictException.class, () -> f.render().check(jobId, poll(0, 0, f.clock.millis(), 10), f.config.settings()));
    }

    @Test
    void check_ofAnExecutionWithoutSubmittedAt_countsItsPollsAtTheInterval() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        assertFalse(f.render().check(jobId, poll(2, 0, 0, 0), f.config.settings()).complete(), "2 polls x 10 s < 30 s");
        assertEquals(40, f.render().check(jobId, poll(4, 0, 0, 0), f.config.settings()).elapsedSeconds(), "4 polls x 10 s");
    }

    private static RenderService.PreviousPoll poll(int polls, int progress, long submittedAt, int waited) {
        return new RenderService.PreviousPoll("r", polls, progress, submittedAt, waited);
    }
}
