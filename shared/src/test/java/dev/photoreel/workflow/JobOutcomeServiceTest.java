package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.testing.Fixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobOutcomeServiceTest {

    private final Fixture f = new Fixture();

    @Test
    void complete_requiresAStoredVideo_andIsIdempotent() {
        String jobId = f.jobIn(JobStatus.STORING);
        assertThrows(JobStateConflictException.class, () -> f.outcomes().complete(jobId));
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.VIDEO_KEY, "videos/x.mp4"));

        assertEquals("COMPLETED", f.outcomes().complete(jobId).status());
        assertEquals("COMPLETED", f.outcomes().complete(jobId).status());
        assertEquals(List.of("jobStarted", "jobCompleted"), f.metrics.recorded);
    }

    @Test
    void fail_recordsCodeAndMessage_andKeepsTheFirstReason() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        JobOutcomeService.Outcome first = f.outcomes().fail(jobId, "dev.photoreel.workflow.exceptions.RenderTimedOutException",
                "{\"errorType\":\"x\",\"errorMessage\":\"the render did not finish within 1800 s\"}");
        JobOutcomeService.Outcome second = f.outcomes().fail(jobId, "States.Timeout", "later");

        assertEquals("RENDER_TIMED_OUT", first.code());
        assertEquals(first, second);
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.FAILED, job.status());
        assertEquals("RENDER_TIMED_OUT", job.errorCode());
    }

    @Test
    void fail_onACompletedJob_leavesItCompleted() {
        String jobId = f.jobIn(JobStatus.STORING);
        f.jobs.setAttributes(jobId, Map.of(JobAttributes.VIDEO_KEY, "videos/x.mp4"));
        f.outcomes().complete(jobId);
        assertEquals("COMPLETED", f.outcomes().fail(jobId, "States.TaskFailed", "boom").status());
        assertEquals(JobStatus.COMPLETED, f.jobs.find(jobId).orElseThrow().status());
    }
}
