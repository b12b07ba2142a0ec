package dev.photoreel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.photoreel.nemo.internal.Json;
import java.util.List;

/**
 * Versions of a job. Version 1 is the job's own video ({@code videos/<job-id>.mp4}, as before revisions existed, so
 * old links keep working). Each revision is a job item of its own, {@code <jobId>-r<N>}, making version N: it runs
 * the same workflow steps (its own status, notification claim and webhook), its execution carries the same name,
 * and its video is {@code videos/<job-id>/v<N>.mp4}. The job item holds which version is running
 * ({@code runningVersion}), the highest claimed ({@code latestVersion}) and the newest with a video
 * ({@code latestCompletedVersion}).
 */
public final class Revisions {

    /** Versions per job, the first included: a bound on the loop that reads them and on vendor work per job. */
    public static final int MAX_VERSIONS = 20;
    public static final int MAX_INSTRUCTION_CHARS = 2000;

    private Revisions() {
    }

    /** The revision item's id, which is also its execution's name. */
    public static String revisionId(String jobId, int version) {
        return jobId + "-r" + version;
    }

    /** Where an item's video goes: {@code videos/<job-id>.mp4} for version 1, {@code videos/<job-id>/v<N>.mp4} after. */
    public static String videoKey(String videosPrefix, Job job) {
        return job.isRevision() ? videosPrefix + job.rootJobId() + "/v" + job.version() + ".mp4" : videosPrefix + job.jobId() + ".mp4";
    }

    /** The poster JPEG next to the video. */
    public static String posterKey(String videosPrefix, Job job) {
        String video = videoKey(videosPrefix, job);
        return video.substring(0, video.length() - ".mp4".length()) + ".jpg";
    }

    public static String historyJson(List<String> history) {
        try {
            return Json.MAPPER.writeValueAsString(history);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the instruction history", e);
        }
    }

    /**
     * For a final revision item: ends the revision on its job if it is still the running one, so the job can be revised
     * again; a completed one becomes the job's latest completed version. True when this call ended it.
     */
    public static boolean end(JobRepository jobs, Job revision) {
        if (!revision.isRevision() || !revision.status().isFinal()) {
            return false;
        }
        return jobs.endRevision(revision.rootJobId(), revision.version(), revision.status() == JobStatus.COMPLETED);
    }
}
