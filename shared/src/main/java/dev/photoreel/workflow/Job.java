package dev.photoreel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job item as read from the jobs table. Built from the item's attributes (plain Java values:
 * String, Number, Boolean) so every repository implementation shares one reading; each attribute the
 * workflow reads has a typed accessor here (names as in docs/workflow-contract.md). {@link #attributes()}
 * is the stored item itself, for the repository implementations: everyone else reads the accessors.
 */
public record Job(String jobId, String jobName, String bucket, String prefix, long generation,
                  JobStatus status, Map<String, Object> attributes) {

    private static final ObjectMapper MAPPER = Json.MAPPER;

    /** What a revision copies from the item it revises (the base version): the job's shape, options and session. */
    private static final List<String> REVISION_BASIS = List.of(JobAttributes.JOB_NAME, JobAttributes.BUCKET,
            JobAttributes.PREFIX, JobAttributes.GENERATION, JobAttributes.INPUTS, JobAttributes.IMAGE_COUNT,
            JobAttributes.HAS_MUSIC, JobAttributes.TITLE, JobAttributes.LANGUAGE, JobAttributes.ASPECT_RATIO,
            JobAttributes.SECONDS_PER_IMAGE, JobAttributes.RENDERER, JobAttributes.RENDERER_REASON, JobAttributes.FALLBACK,
            JobAttributes.SESSION_ID, JobAttributes.TASK_ID);

    public static Job fromAttributes(Map<String, Object> item) {
        return new Job(
                (String) item.get(JobAttributes.JOB_ID),
                (String) item.get(JobAttributes.JOB_NAME),
                (String) item.get(JobAttributes.BUCKET),
                (String) item.get(JobAttributes.PREFIX),
                number(item.get(JobAttributes.GENERATION), 0).longValue(),
                JobStatus.valueOf((String) item.get(JobAttributes.STATUS)),
                Map.copyOf(item));
    }

    // ---- status and intake ----

    /** When the job last changed. */
    public Instant updatedAt() {
        return instant(JobAttributes.UPDATED_AT);
    }

    /** When the job first entered {@code status} (null if it never did). */
    public Instant enteredAt(JobStatus status) {
        return instant(status.timestampAttribute());
    }

    /** When the API created the job or revision ({@code createdAt}; null for a job made by an upload). */
    public Instant createdAt() {
        return instant(JobAttributes.CREATED_AT);
    }

    /** The files announced with {@code POST /jobs}, as stored (JSON; null for a job made by an upload or from a folder). */
    public String announcedFilesJson() {
        return text(JobAttributes.ANNOUNCED_FILES);
    }

    /** Whether the workflow's execution was started for the job. */
    public boolean executionStarted() {
        return flag(JobAttributes.EXECUTION_STARTED);
    }

    /** Whether the closed upload set held a {@code job.json}. */
    public boolean manifestReceived() {
        return flag(JobAttributes.MANIFEST_RECEIVED);
    }

    /** The uploads that joined the job while it collected them (0 when none is recorded). */
    public long uploadEvents() {
        Long events = longValue(JobAttributes.UPLOAD_EVENTS);
        return events == null ? 0 : events;
    }

    /** When the latest upload joined the job (null when none is recorded). */
    public Instant lastUploadAt() {
        return instant(JobAttributes.LAST_UPLOAD_AT);
    }

    /** The objects the job's upload set was closed with (empty while it is still collecting). */
    public UploadSet uploadSet() {
        return UploadSet.decode(text(JobAttributes.UPLOAD_SET));
    }

    // ---- validation (job.json) ----

    /** The validated inputs, in upload order (empty before validation). */
    public List<InputFile> inputs() {
        String json = text(JobAttributes.INPUTS);
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<InputFile>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + jobId + " has an unreadable inputs attribute", e);
        }
    }

    public static String inputsJson(List<InputFile> inputs) {
        try {
            return MAPPER.writeValueAsString(inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write inputs", e);
        }
    }

    /** The validated images (null before validation). */
    public Integer imageCount() {
        Long count = longValue(JobAttributes.IMAGE_COUNT);
        return count == null ? null : count.intValue();
    }

    public boolean hasMusic() {
        return flag(JobAttributes.HAS_MUSIC);
    }

    /** The instruction sent to the vendor (null before validation). */
    public String instruction() {
        return text(JobAttributes.INSTRUCTION);
    }

    /** The instruction as the user wrote it (null when they wrote none). */
    public String userInstruction() {
        return text(JobAttributes.USER_INSTRUCTION);
    }

    public String title() {
        return text(JobAttributes.TITLE);
    }

    public String language() {
        return text(JobAttributes.LANGUAGE);
    }

    /** {@code job.json}'s aspect ratio (null when it names none). */
    public String aspectRatio() {
        return text(JobAttributes.ASPECT_RATIO);
    }

    /** {@code job.json}'s seconds per image (null when it names none). */
    public Double secondsPerImage() {
        return doubleValue(JobAttributes.SECONDS_PER_IMAGE);
    }

    /** The backend that makes (or made) the video: {@code nemovideo} or {@code ffmpeg} (null before validation). */
    public String renderer() {
        return text(JobAttributes.RENDERER);
    }

    /** Why the ffmpeg backend made the video (null for the vendor's). */
    public String rendererReason() {
        return text(JobAttributes.RENDERER_REASON);
    }

    /** Whether a vendor failure the ffmpeg backend can serve falls back to it (true unless job.json says false). */
    public boolean fallback() {
        return !Boolean.FALSE.equals(attributes.get(JobAttributes.FALLBACK));
    }

    /** The instruction's words the ffmpeg backend did not act on (empty when none, or not rendered with ffmpeg). */
    public List<String> ignoredWords() {
        String words = text(JobAttributes.IGNORED_WORDS);
        return words == null || words.isBlank() ? List.of() : List.of(words.split(" "));
    }

    /** The webhook URL (null when the job has none). */
    public String callbackUrl() {
        return text(JobAttributes.CALLBACK_URL);
    }

    // ---- vendor ----

    /** The vendor's credit balance Authenticate Vendor found for this job (null before it ran). */
    public Long creditsAvailable() {
        return longValue(JobAttributes.CREDITS_AVAILABLE);
    }

    public String sessionId() {
        return text(JobAttributes.SESSION_ID);
    }

    public String taskId() {
        return text(JobAttributes.TASK_ID);
    }

    /** Whether a new vendor session replaced a lost one ({@code sessionRenewals} is recorded). */
    public boolean sessionRenewed() {
        return attributes.get(JobAttributes.SESSION_RENEWALS) != null;
    }

    /** How often a lost vendor session was replaced (0 when never). */
    public int sessionRenewals() {
        Long renewals = longValue(JobAttributes.SESSION_RENEWALS);
        return renewals == null ? 0 : renewals.intValue();
    }

    /** The session the vendor no longer knew, which the current one replaced (null when none was lost). */
    public String lostSessionId() {
        return text(JobAttributes.LOST_SESSION_ID);
    }

    /** The files the vendor acknowledged (null before Upload Media). */
    public Integer uploadedFiles() {
        Long files = longValue(JobAttributes.UPLOADED_FILES);
        return files == null ? null : files.intValue();
    }

    /** {@code url} or {@code multipart} (null before Upload Media). */
    public String uploadMode() {
        return text(JobAttributes.UPLOAD_MODE);
    }

    /** How the instruction stream ended (null before Stream Instruction). */
    public String streamEnd() {
        return text(JobAttributes.STREAM_END);
    }

    public String timelineSummary() {
        return text(JobAttributes.TIMELINE_SUMMARY);
    }

    public String renderId() {
        return text(JobAttributes.RENDER_ID);
    }

    /** The render's progress, 0 to 100 (null before the render was submitted). */
    public Long progress() {
        return longValue(JobAttributes.PROGRESS);
    }

    // ---- video ----

    /** The stored, checked video (null before Store Video). */
    public String videoKey() {
        return text(JobAttributes.VIDEO_KEY);
    }

    public Long sizeBytes() {
        return longValue(JobAttributes.SIZE_BYTES);
    }

    public Double durationSeconds() {
        return doubleValue(JobAttributes.DURATION_SECONDS);
    }

    /** The poster JPEG next to the video (null when there is none). */
    public String posterKey() {
        return text(JobAttributes.POSTER_KEY);
    }

    // ---- outcome, notification, webhook ----

    public String errorCode() {
        return text(JobAttributes.ERROR_CODE);
    }

    public String errorMessage() {
        return text(JobAttributes.ERROR_MESSAGE);
    }

    /** {@code PENDING} or {@code SENT} (null while the job runs). */
    public String notification() {
        return text(JobAttributes.NOTIFICATION);
    }

    /** When the job's one notification went out (null before). */
    public Instant notifiedAt() {
        return instant(JobAttributes.NOTIFIED_AT);
    }

    public String notificationMessageId() {
        return text(JobAttributes.NOTIFICATION_MESSAGE_ID);
    }

    /** Why the job is in the pending index (null when it is not). */
    public Optional<JobRepository.Pending> pending() {
        return Optional.ofNullable(text(JobAttributes.PENDING)).map(JobRepository.Pending::valueOf);
    }

    /** {@code PENDING}, {@code DELIVERED} or {@code FAILED} (null when no webhook is due). */
    public String webhook() {
        return text(JobAttributes.WEBHOOK);
    }

    /** Whether the webhook was confirmed due and its delivery's outcome is not recorded yet. */
    public boolean webhookPending() {
        return JobAttributes.WEBHOOK_PENDING.equals(webhook());
    }

    // ---- versions (see Revisions) ----

    /** Whether this item is a revision item ({@code <jobId>-r<N>}) rather than a job. */
    public boolean isRevision() {
        return text(JobAttributes.REVISION_OF) != null;
    }

    /** The job a revision item revises; the job's own id for a job. */
    public String rootJobId() {
        return isRevision() ? text(JobAttributes.REVISION_OF) : jobId;
    }

    /** The version this item makes: 1 for a job, N for its revision {@code -rN}. */
    public int version() {
        Long version = longValue(JobAttributes.VERSION);
        return version == null ? 1 : version.intValue();
    }

    /** On a job: the highest version claimed (1 before any revision). */
    public int latestVersion() {
        Long latest = longValue(JobAttributes.LATEST_VERSION);
        return latest == null ? 1 : latest.intValue();
    }

    /** On a job: the newest version with a video (1 before a revision completed). */
    public int latestCompletedVersion() {
        Long latest = longValue(JobAttributes.LATEST_COMPLETED_VERSION);
        return latest == null ? 1 : latest.intValue();
    }

    /** On a job: the revision running now. */
    public Optional<Integer> runningVersion() {
        Long running = longValue(JobAttributes.RUNNING_VERSION);
        return running == null ? Optional.empty() : Optional.of(running.intValue());
    }

    /** The vendor instructions the draft held before this item's own, oldest first (empty for a job). */
    public List<String> instructionHistory() {
        return stringList(JobAttributes.INSTRUCTION_HISTORY);
    }

    /**
     * The user's own instructions for the ffmpeg backend's words table, oldest first: the job's (if any), then each
     * completed revision's before this one, then this one's.
     */
    public List<String> plainInstructions() {
        List<String> all = new ArrayList<>(stringList(JobAttributes.USER_INSTRUCTION_HISTORY));
        String own = userInstruction();
        all.add(own == null ? "" : own);
        return all;
    }

    /** The attributes a revision of this item starts from (its shape, job.json options and vendor session), as stored. */
    public Map<String, Object> revisionBasis() {
        Map<String, Object> basis = new HashMap<>();
        for (String copied : REVISION_BASIS) {
            Object value = attributes.get(copied);
            if (value != null) {
                basis.put(copied, value);
            }
        }
        return basis;
    }

    // ---- reading the stored item ----

    private List<String> stringList(String attribute) {
        String json = text(attribute);
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + jobId + " has an unreadable " + attribute, e);
        }
    }

    private String text(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : value.toString();
    }

    private Long longValue(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : number(value, 0).longValue();
    }

    private Double doubleValue(String attribute) {
        Object value = attributes.get(attribute);
        return value == null ? null : number(value, 0).doubleValue();
    }

    private boolean flag(String attribute) {
        return Boolean.TRUE.equals(attributes.get(attribute));
    }

    private Instant instant(String attribute) {
        String value = text(attribute);
        return value == null ? null : Instant.parse(value);
    }

    private static Number number(Object value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n;
        }
        return new java.math.BigDecimal(value.toString());
    }
}
