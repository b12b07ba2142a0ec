package dev.photoreel.workflow;

import dev.photoreel.nemo.NemoApi;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.VideoCheckFailedException;
import dev.photoreel.workflow.media.Mp4Inspector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the rendered video: streams it from the vendor's URL (or the download endpoint when the
 * poll gave none) into {@code videos/<job-id>.mp4} with a multipart upload, then checks it is an MP4
 * whose duration is above zero. An existing object of another job is never overwritten; one from an
 * earlier attempt of the same job and render is checked and reused.
 */
public final class VideoService {

    private static final Logger LOG = LoggerFactory.getLogger(VideoService.class);
    public static final String META_JOB_ID = "photoreel-job-id";
    public static final String META_RENDER_ID = "photoreel-render-id";

    private final JobRepository jobs;
    private final MediaStore media;
    private final NemoApi vendor;
    private final TokenSource tokens;
    private final VideoSource source;
    private final WorkflowConfig config;
    private final Clock clock;

    public VideoService(JobRepository jobs, MediaStore media, NemoApi vendor, TokenSource tokens, VideoSource source,
                        WorkflowConfig config, Clock clock) {
        this.jobs = jobs;
        this.media = media;
        this.vendor = vendor;
        this.tokens = tokens;
        this.source = source;
        this.config = config;
        this.clock = clock;
    }

    /** {@code $.video}. */
    public record StoredVideo(String key, long sizeBytes, double durationSeconds) {
    }

    public StoredVideo store(String jobId, String renderId) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        String key = Revisions.videoKey(config.videosPrefix(), job);
        if (job.status() == JobStatus.COMPLETED && key.equals(job.videoKey())) {
            // a re-run after Complete Job (a redriven or replayed execution): stored and checked already
            LOG.atInfo().addKeyValue("key", key).log("job already completed with this video: nothing to store");
            return new StoredVideo(key, job.sizeBytes(), job.durationSeconds());
        }
        jobs.markStoring(jobId, clock.instant());

        Optional<MediaStore.StoredObject> existing = media.head(key);
        if (existing.isPresent()) {
            Map<String, String> meta = existing.get().metadata();
            if (!jobId.equals(meta.get(META_JOB_ID))) {
                throw new VideoCheckFailedException(key + " already exists and belongs to "
                        + Optional.ofNullable(meta.get(META_JOB_ID)).map(j -> "job " + j).orElse("no photoreel job")
                        + "; it is never overwritten: move it away, then upload again to retry");
            }
        }
        long size;
        if (existing.isPresent() && renderId.equals(existing.get().metadata().get(META_RENDER_ID))) {
            LOG.atInfo().addKeyValue("key", key).log("video stored by an earlier attempt of this job: checking it");
            size = existing.get().size();
        } else {
            size = copyFromVendor(key, jobId, renderId);
        }
        Mp4Inspector.Result check = Mp4Inspector.inspect((offset, length) -> media.readRange(key, offset, length), size);
        if (!check.ok()) {
            throw new VideoCheckFailedException("the rendered video " + key + " failed the check: " + check.failure()
                    + "; upload again to render it again");
        }
        double duration = check.info().durationSeconds();
        StoredVideo video = new StoredVideo(key, size, duration);
        jobs.recordVideo(jobId, video, clock.instant());
        LOG.atInfo().addKeyValue("key", key).addKeyValue("sizeBytes", size).addKeyValue("durationSeconds", duration)
                .log("video stored and checked");
        return video;
    }

    private long copyFromVendor(String key, String jobId, String renderId) {
        RenderStatus status = vendor.pollRender(renderId);
        boolean fromPoll = status.outputUrl() != null && !status.outputUrl().isBlank();
        URI url = fromPoll ? URI.create(status.outputUrl()) : vendor.downloadUrl(renderId);
        // the vendor's download endpoint wants the bearer token; a CDN output URL does not get it
        String bearer = fromPoll ? null : tokens.currentToken();
        try (InputStream body = source.open(url, bearer)) {
            return media.write(key, body, "video/mp4", Map.of(META_JOB_ID, jobId, META_RENDER_ID, renderId));
        } catch (IOException e) {
            throw new VendorUnavailableException("downloading the rendered video failed (" + e.getClass().getSimpleName()
                    + "); retrying", null, null, e);
        } catch (UncheckedIOException e) {
            throw new VendorUnavailableException("downloading the rendered video failed (" + e.getClass().getSimpleName()
                    + "); retrying", null, null, e);
        }
    }
}
