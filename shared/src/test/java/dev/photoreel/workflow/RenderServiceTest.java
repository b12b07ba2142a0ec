package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import dev.photoreel.workflow.exceptions.RenderTimedOutException;
import dev.photoreel.workflow.testing.Fixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderServiceTest {

    private final Fixture f = new Fixture(Map.of("POLL_INTERVAL_SECONDS", "10", "RENDER_TIMEOUT_SECONDS", "30"));

    @Test
    void submit_sendsTheDraftAndRecordsTheRender() {
        String jobId = f.jobIn(JobStatus.EDITING);
        RenderService.RenderProgress progress = f.render().submit(jobId, "123456789");

        assertTrue(progress.renderId().startsWith("render_"));
        assertEquals(0, progress.polls());
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.RENDERING, job.status());
        assertEquals(progress.renderId(), job.text(JobAttributes.RENDER_ID));
    }

    @Test
    void submit_twiceInTheSameMillisecond_sendsDifferentRenderIds() {
        // the clock stands still: as for two jobs (or a job and its retry) submitting in the same millisecond
        String jobId = f.jobIn(JobStatus.EDITING);
        String first = f.render().submit(jobId, "111").renderId();
        String second = f.render().submit(jobId, "111").renderId();

        assertTrue(first.matches("render_\\d+_[0-9a-f]{8}"), first);
        assertFalse(first.equals(second), "the vendor refuses a render id it has seen (HTTP 409): " + first);
    }

    @Test
    void check_reportsProgressUntilComplete() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.PROCESSING, 40, null, null, null, null));
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, "https://cdn/x.mp4", 6.0, 100L, null));

        RenderService.RenderProgress first = f.render().check(jobId, "r", 0, f.config.settings());
        assertFalse(first.complete());
        assertEquals(40L, f.jobs.find(jobId).orElseThrow().longValue(JobAttributes.PROGRESS));
        RenderService.RenderProgress second = f.render().check(jobId, "r", first.polls(), f.config.settings());
        assertTrue(second.complete());
        assertEquals(2, second.polls());
    }

    @Test
    void check_whenVendorSaysFailed_throwsRenderFailed() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.FAILED, 0, null, null, null, "codec exploded"));
        RenderFailedException e = assertThrows(RenderFailedException.class, () -> f.render().check(jobId, "r", 0, f.config.settings()));
        assertTrue(e.getMessage().contains("codec exploded"));
    }

    @Test
    void check_pastTheTimeout_cancelsAndThrowsTimedOut() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        assertFalse(f.render().check(jobId, "r", 2, f.config.settings()).complete());
        assertThrows(RenderTimedOutException.class, () -> f.render().check(jobId, "r", 3, f.config.settings()));
        assertTrue(f.vendor.calls.contains("cancelRender"));
    }

    @Test
    void check_afterTheJobMovedOn_loses() {
        String jobId = f.jobIn(JobStatus.STORING);
        assertThrows(JobStateConflictException.class, () -> f.render().check(jobId, "r", 0, f.config.settings()));
    }
}
