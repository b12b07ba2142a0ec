package dev.photoreel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

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
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Revisions() {
    }

    /** The revision item's id, which is also its execution's name. */
    public static String revisionId(String jobId, int version) {
        return jobId + "-r" + version;
    }

    public static boolean isRevision(Job job) {
        return job.text(JobAttributes.REVISION_OF) != null;
    }

    /** The job a revision item revises; the job's own id for a job. */
    public static String rootJobId(Job job) {
        return isRevision(job) ? job.text(JobAttributes.REVISION_OF) : job.jobId();
    }

    /** The version a job item makes: 1 for a job, N for its revision {@code -rN}. */
    public static int version(Job job) {
        Long version = job.longValue(JobAttributes.VERSION);
        return version == null ? 1 : version.intValue();
    }

    /** Where an item's video goes: {@code videos/<job-id>.mp4} for version 1, {@code videos/<job-id>/v<N>.mp4} after. */
    public static String videoKey(String videosPrefix, Job job) {
        return isRevision(job) ? videosPrefix + rootJobId(job) + "/v" + version(job) + ".mp4" : videosPrefix + job.jobId() + ".mp4";
    }

    /** The poster JPEG next to the video. */
    public static String posterKey(String videosPrefix, Job job) {
        String video = videoKey(videosPrefix, job);
        return video.substring(0, video.length() - ".mp4".length()) + ".jpg";
    }

    public static int latestVersion(Job job) {
        Long latest = job.longValue(JobAttributes.LATEST_VERSION);
        return latest == null ? 1 : latest.intValue();
    }

    public static int latestCompletedVersion(Job job) {
        Long latest = job.longValue(JobAttributes.LATEST_COMPLETED_VERSION);
        return latest == null ? 1 : latest.intValue();
    }

    public static Optional<Integer> runningVersion(Job job) {
        Long running = job.longValue(JobAttributes.RUNNING_VERSION);
        return running == null ? Optional.empty() : Optional.of(running.intValue());
    }

    /** The vendor instructions the draft held before this item's own, oldest first (empty for a job). */
    public static List<String> history(Job job) {
        String json = job.text(JobAttributes.INSTRUCTION_HISTORY);
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + job.jobId() + " has an unreadable " + JobAttributes.INSTRUCTION_HISTORY, e);
        }
    }

    public static String historyJson(List<String> history) {
        try {
            return MAPPER.writeValueAsString(history);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the instruction history", e);
        }
    }

    /**
     * The user's own instructions for the ffmpeg backend's words table, oldest first: the job's (if any), then each
     * completed revision's before this one, then this one's.
     */
    public static List<String> plainInstructions(Job job) {
        List<String> all = new java.util.ArrayList<>();
        String json = job.text(JobAttributes.USER_INSTRUCTION_HISTORY);
        if (json != null) {
            try {
                all.addAll(MAPPER.readValue(json, new TypeReference<List<String>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("job " + job.jobId() + " has an unreadable " + JobAttributes.USER_INSTRUCTION_HISTORY, e);
            }
        }
        String own = job.text(JobAttributes.USER_INSTRUCTION);
        all.add(own == null ? "" : own);
        return all;
    }

    /**
     * For a final revision item: ends the revision on its job if it is still the running one, so the job can be revised
     * again; a completed one becomes the job's latest completed version. True when this call ended it.
     */
    public static boolean end(JobRepository jobs, Job revision) {
        if (!isRevision(revision) || !revision.status().isFinal()) {
            return false;
        }
        int version = version(revision);
        java.util.Map<String, Object> attributes = revision.status() == JobStatus.COMPLETED
                ? java.util.Map.of(JobAttributes.LATEST_COMPLETED_VERSION, version) : java.util.Map.of();
        return jobs.releaseRevision(rootJobId(revision), version, attributes);
    }
}
