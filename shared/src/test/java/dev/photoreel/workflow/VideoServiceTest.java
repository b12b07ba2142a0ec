package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.workflow.exceptions.VideoCheckFailedException;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VideoServiceTest {

    private final Fixture f = new Fixture();
    private final URI cdn = URI.create("https://cdn.example/out.mp4");

    private void completedWithUrl() {
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, cdn.toString(), 6.0, 1L, null));
    }

    @Test
    void store_copiesTheVideoChecksItAndRecordsIt() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        completedWithUrl();
        byte[] mp4 = Samples.mp4(6.5, 2048, false);
        f.downloads.put(cdn, mp4);

        VideoService.StoredVideo video = f.video().store(jobId, "r");

        String key = "videos/" + jobId + ".mp4";
        assertEquals(new VideoService.StoredVideo(key, mp4.length, 6.5), video);
        assertArrayEquals(mp4, f.media.bytes(key));
        assertEquals(List.of("none"), f.downloadAuth, "a CDN URL never gets the token");
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.STORING, job.status());
        assertEquals(key, job.videoKey());
        assertEquals(6.5, job.durationSeconds());
    }

    @Test
    void store_withoutOutputUrl_usesTheDownloadEndpointWithTheToken() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.vendor.renderStatuses.add(new RenderStatus("r", RenderStatus.State.COMPLETED, 100, null, null, null, null));
        f.downloads.put(f.vendor.downloadUrl, Samples.mp4(3, 10, true));

        assertEquals(3.0, f.video().store(jobId, "r").durationSeconds());
        assertEquals(List.of("bearer"), f.downloadAuth);
    }

    @Test
    void store_whenNotAnMp4_failsTheCheck() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        completedWithUrl();
        f.downloads.put(cdn, "<html>error</html>".getBytes());
        VideoCheckFailedException e = assertThrows(VideoCheckFailedException.class, () -> f.video().store(jobId, "r"));
        assertTrue(e.getMessage().contains("ftyp"), e.getMessage());
    }

    @Test
    void store_whenDurationIsZero_failsTheCheck() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        completedWithUrl();
        f.downloads.put(cdn, Samples.mp4(0, 10, false));
        assertTrue(assertThrows(VideoCheckFailedException.class, () -> f.video().store(jobId, "r")).getMessage().contains("duration"));
    }

    @Test
    void store_neverOverwritesAnotherJobsVideo() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        completedWithUrl();
        f.downloads.put(cdn, Samples.mp4(2, 10, false));
        byte[] theirs = Samples.mp4(9, 10, false);
        f.media.put("videos/" + jobId + ".mp4", theirs, Map.of(VideoService.META_JOB_ID, "someone-else"));

        assertThrows(VideoCheckFailedException.class, () -> f.video().store(jobId, "r"));
        assertArrayEquals(theirs, f.media.bytes("videos/" + jobId + ".mp4"));
    }

    @Test
    void store_retryOfTheSameRender_reusesTheStoredVideo() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        f.media.put("videos/" + jobId + ".mp4", Samples.mp4(4, 10, false),
                Map.of(VideoService.META_JOB_ID, jobId, VideoService.META_RENDER_ID, "r"));

        assertEquals(4.0, f.video().store(jobId, "r").durationSeconds());
        assertTrue(f.media.writes.isEmpty());
        assertTrue(f.downloadAuth.isEmpty());
    }

    @Test
    void store_whenDownloadFails_isTransient() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        completedWithUrl();
        assertThrows(VendorUnavailableException.class, () -> f.video().store(jobId, "r"));
    }
}
