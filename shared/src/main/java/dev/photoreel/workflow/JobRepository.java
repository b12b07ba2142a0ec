package dev.photoreel.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The jobs table: job items, the intake pointer of each upload folder, and the S3 events already
 * handled. Every change that could race is a conditional write.
 *
 * <p>The workflow's steps record what they did with the intent-named writes ({@link #recordSession},
 * {@link #recordVideo}, {@link #markFailed}, ...), implemented once here over the primitives {@link #transition},
 * {@link #setAttributes} and {@link #releaseRevision}, so every implementation writes the same attributes with the
 * same guards. Callers outside the implementations use the intent-named writes, never the primitives.
 */
public interface JobRepository {

    Optional<Job> find(String jobId);

    // ---- intake ----

    /** The intake pointer of an upload folder. */
    Optional<PrefixPointer> findPrefix(String prefix);

    /** Closes the folder's pointer for uploads if it still points at {@code jobId}. */
    void closePrefix(String prefix, String jobId);

    /** The job an S3 event (object key + sequencer) already joined, if any. */
    Optional<String> findUploadEvent(String eventId);

    /**
     * Creates a job item in status RECEIVED with the given attributes (and {@code pending = OPEN}); false when it
     * exists already.
     */
    boolean createJob(String jobId, Map<String, Object> attributes, Instant now, Instant expiresAt);

    /**
     * A folder's first upload of a generation, in one transaction: points the folder at {@code next.jobId()}, open for
     * uploads, if the pointer is still at generation {@code next.generation() - 1} (absent for generation 1); creates
     * that job as {@link #createJob} does, with the given attributes (the upload joined); and records the event as
     * joined to it. All three are written or none.
     *
     * @return {@code JOINED}; {@code EVENT_HANDLED} when the event was recorded already; {@code REFUSED} when the
     *         pointer moved on or the job exists; {@code CONTENDED} when another transaction held an item (try again)
     */
    IntakeWrite openGeneration(PrefixPointer next, Map<String, Object> attributes, String eventId, Instant now, Instant expiresAt);

    /**
     * An upload joining a job still collecting uploads (RECEIVED or WAITING_FOR_UPLOADS), in one transaction: counts it in
     * {@code uploadEvents}, raises {@code lastUploadAt} (never lowers it) and records the event as joined to the job.
     *
     * @return {@code JOINED}; {@code EVENT_HANDLED} when the event was recorded already; {@code REFUSED} when the job
     *         stopped collecting or does not exist; {@code CONTENDED} when another transaction held an item (try again)
     */
    IntakeWrite joinJob(String jobId, String eventId, Instant uploadedAt, Instant expiresAt);

    /**
     * Ends collecting: moves a job that is still collecting to VALIDATING with the given attributes (its upload
     * set), if no upload joined it since it had {@code uploadEvents} uploads. False otherwise (nothing changes).
     */
    boolean closeUploads(String jobId, long uploadEvents, Map<String, Object> attributes, Instant now);

    // ---- status ----

    /**
     * Moves a job to {@code status} (same status allowed, a lower rank or leaving a final status
     * never) and sets the given attributes, plus the status's timestamp when first entered. A final status
     * also sets {@code notification = PENDING} (unless set) and {@code pending = NOTIFY}, in the same write.
     *
     * @throws dev.photoreel.workflow.exceptions.JobStateConflictException when the job is missing,
     *         in a later status, or already final with another status
     */
    Job transition(String jobId, JobStatus status, Map<String, Object> attributes, Instant now);

    /** Sets attributes without a status change (the job must exist). */
    void setAttributes(String jobId, Map<String, Object> attributes);

    // ---- what the workflow's steps record (over transition and setAttributes) ----

    /** Check Uploads: the job still collects uploads and waits for more. */
    default void markWaitingForUploads(String jobId, Instant now) {
        transition(jobId, JobStatus.WAITING_FOR_UPLOADS, Map.of(), now);
    }

    /** The workflow's execution was started for the job (or revision): {@code executionStarted}. */
    default void markExecutionStarted(String jobId) {
        setAttributes(jobId, Map.of(JobAttributes.EXECUTION_STARTED, true));
    }

    /** A revision item, just created, starts at VALIDATING: its inputs are validated already. */
    default Job markValidating(String jobId, Instant now) {
        return transition(jobId, JobStatus.VALIDATING, Map.of(), now);
    }

    /** Validate Job: the validated inputs and what {@code job.json} asks for (the job stays VALIDATING). */
    default void recordValidation(String jobId, Validation validation, Instant now) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.INPUTS, Job.inputsJson(validation.inputs()));
        attributes.put(JobAttributes.IMAGE_COUNT, validation.imageCount());
        attributes.put(JobAttributes.HAS_MUSIC, validation.hasMusic());
        attributes.put(JobAttributes.INSTRUCTION, validation.instruction());
        attributes.put(JobAttributes.LANGUAGE, validation.language());
        attributes.put(JobAttributes.RENDERER, validation.renderer());
        attributes.put(JobAttributes.FALLBACK, validation.fallback());
        putIfPresent(attributes, JobAttributes.TITLE, validation.title());
        putIfPresent(attributes, JobAttributes.RENDERER_REASON, validation.rendererReason());
        putIfPresent(attributes, JobAttributes.ASPECT_RATIO, validation.aspectRatio());
        putIfPresent(attributes, JobAttributes.SECONDS_PER_IMAGE, validation.secondsPerImage());
        putIfPresent(attributes, JobAttributes.USER_INSTRUCTION, validation.userInstruction());
        putIfPresent(attributes, JobAttributes.CALLBACK_URL, validation.callbackUrl());
        transition(jobId, JobStatus.VALIDATING, attributes, now);
    }

    /**
     * Authenticate Vendor: the vendor's credit balance found for the job, written in the job's status as read
     * ({@code job}), so it fails like any transition when the job moved on meanwhile.
     */
    default void recordCredits(Job job, long creditsAvailable, Instant now) {
        transition(job.jobId(), job.status(), Map.of(JobAttributes.CREDITS_AVAILABLE, creditsAvailable), now);
    }

    /** Create Session: the job's first vendor session; the job moves to UPLOADING (see {@link #advanceOrRecord}). */
    default void recordSession(Job job, String sessionId, String taskId, Instant now) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.SESSION_ID, sessionId);
        attributes.put(JobAttributes.TASK_ID, taskId);
        advanceOrRecord(job, JobStatus.UPLOADING, attributes, now);
    }

    /**
     * Create Session after the vendor lost {@code lostSessionId}: the new session replaces it and the renewals so far
     * are counted ({@code sessionRenewals}); the job moves to UPLOADING, or stays where it is when further.
     */
    default void recordRenewedSession(Job job, String sessionId, String taskId, String lostSessionId, int renewals, Instant now) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.SESSION_ID, sessionId);
        attributes.put(JobAttributes.TASK_ID, taskId);
        attributes.put(JobAttributes.SESSION_RENEWALS, renewals);
        attributes.put(JobAttributes.LOST_SESSION_ID, lostSessionId);
        advanceOrRecord(job, JobStatus.UPLOADING, attributes, now);
    }

    /** Upload Media begins: the job moves to UPLOADING, unless it is further (a renewed session uploads again). */
    default void markUploading(Job job, Instant now) {
        advanceOrRecord(job, JobStatus.UPLOADING, Map.of(), now);
    }

    /** Upload Media: how many files the vendor acknowledged and how they went ({@code url} or {@code multipart}). */
    default void recordUploads(String jobId, int files, String mode) {
        setAttributes(jobId, Map.of(JobAttributes.UPLOADED_FILES, files, JobAttributes.UPLOAD_MODE, mode));
    }

    /** Stream Instruction begins: the job moves to EDITING, unless it is further (a renewed session edits again). */
    default void markEditing(Job job, Instant now) {
        advanceOrRecord(job, JobStatus.EDITING, Map.of(), now);
    }

    /** Stream Instruction: how the instruction stream ended. */
    default void recordStreamEnd(String jobId, String end) {
        setAttributes(jobId, Map.of(JobAttributes.STREAM_END, end));
    }

    /** Check Draft: the ready draft's timeline; the job moves to EDITING, or stays where it is when further. */
    default void recordDraft(Job job, String timelineSummary, Instant now) {
        advanceOrRecord(job, JobStatus.EDITING, Map.of(JobAttributes.TIMELINE_SUMMARY, timelineSummary), now);
    }

    /** Submit Render: the vendor's render id, its first progress and the draft's timeline; the job moves to RENDERING. */
    default void recordRenderSubmitted(String jobId, String renderId, int progress, String timelineSummary, Instant now) {
        transition(jobId, JobStatus.RENDERING, Map.of(
                JobAttributes.RENDER_ID, renderId,
                JobAttributes.PROGRESS, progress,
                JobAttributes.TIMELINE_SUMMARY, timelineSummary), now);
    }

    /** Check Render: the render's progress (the job stays RENDERING). */
    default void recordRenderProgress(String jobId, int progress, Instant now) {
        transition(jobId, JobStatus.RENDERING, Map.of(JobAttributes.PROGRESS, progress), now);
    }

    /**
     * Render With Ffmpeg begins: the ffmpeg backend makes the video, for {@code reason}, leaving {@code ignoredWords} of
     * the instruction aside. The job moves to RENDERING, or keeps its status when further (a fallback from Store Video
     * finds it STORING: the status never goes back).
     */
    default void recordFfmpegRender(Job job, String reason, List<String> ignoredWords, Instant now) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.RENDERER, JobManifest.RENDERER_FFMPEG);
        attributes.put(JobAttributes.RENDERER_REASON, reason);
        attributes.put(JobAttributes.IGNORED_WORDS, String.join(" ", ignoredWords));
        transition(job.jobId(), job.status().rank() < JobStatus.RENDERING.rank() ? JobStatus.RENDERING : job.status(),
                attributes, now);
    }

    /** Store Video begins: the job moves to STORING. */
    default void markStoring(String jobId, Instant now) {
        transition(jobId, JobStatus.STORING, Map.of(), now);
    }

    /** Store Video: the stored, checked video (the job stays STORING until Complete Job). */
    default void recordVideo(String jobId, VideoService.StoredVideo video, Instant now) {
        transition(jobId, JobStatus.STORING, Map.of(
                JobAttributes.VIDEO_KEY, video.key(),
                JobAttributes.SIZE_BYTES, video.sizeBytes(),
                JobAttributes.DURATION_SECONDS, video.durationSeconds()), now);
    }

    /**
     * Render With Ffmpeg: the stored, checked video with the timeline it was made from and, when ffmpeg wrote one, its
     * poster ({@code posterKey} null: none); the job moves to STORING.
     */
    default void recordFfmpegVideo(String jobId, VideoService.StoredVideo video, String timelineSummary, String posterKey,
                                   Instant now) {
        Map<String, Object> attributes = new HashMap<>(Map.of(
                JobAttributes.VIDEO_KEY, video.key(),
                JobAttributes.SIZE_BYTES, video.sizeBytes(),
                JobAttributes.DURATION_SECONDS, video.durationSeconds(),
                JobAttributes.TIMELINE_SUMMARY, timelineSummary));
        putIfPresent(attributes, JobAttributes.POSTER_KEY, posterKey);
        transition(jobId, JobStatus.STORING, attributes, now);
    }

    /** Complete Job: the job is COMPLETED (a final status: see {@link #transition}). */
    default Job markCompleted(String jobId, Instant now) {
        return transition(jobId, JobStatus.COMPLETED, Map.of(), now);
    }

    /** Fail Job (or the guard, or the reconciler): the job is FAILED with the error's code and message. */
    default Job markFailed(String jobId, String errorCode, String errorMessage, Instant now) {
        return transition(jobId, JobStatus.FAILED, Map.of(JobAttributes.ERROR_CODE, errorCode, JobAttributes.ERROR_MESSAGE, errorMessage),
                now);
    }

    /**
     * Moves the job to {@code status} with the attributes, or only sets the attributes when the job is already further
     * (a renewed session re-runs the upload and edit steps of a job that was editing or rendering: its status never
     * goes back). A final job is left to {@link #transition}, which refuses it.
     */
    private void advanceOrRecord(Job job, JobStatus status, Map<String, Object> attributes, Instant now) {
        if (!job.status().isFinal() && job.status().rank() > status.rank()) {
            if (!attributes.isEmpty()) {
                setAttributes(job.jobId(), attributes);
            }
        } else {
            transition(job.jobId(), status, attributes, now);
        }
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, Object value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }

    // ---- notification ----

    /**
     * Claims the job's one notification for {@code claimant}: succeeds when nobody sent it yet and
     * no other claim is younger than {@code lease}.
     */
    NotificationClaim claimNotification(String jobId, String claimant, Instant now, Duration lease);

    /**
     * Records the sent message under the claimant's claim: {@code notification = SENT}. Without a webhook to send the
     * job leaves the pending index; with one ({@code webhookPending}) the same write records {@code webhook = PENDING},
     * claimed by the claimant, and puts the job in the index as {@link Pending#WEBHOOK}, so a crash before the webhook
     * went out leaves it for the reconciler.
     */
    void confirmNotification(String jobId, String claimant, String messageId, Instant now, boolean webhookPending);

    /**
     * Claims the job's pending webhook for {@code claimant}: succeeds when it is still PENDING and its claim is the
     * claimant's own or older than {@code lease}.
     */
    boolean claimWebhook(String jobId, String claimant, Instant now, Duration lease);

    /** Records the webhook's outcome (the attributes, {@code webhook} among them) and takes the job off the pending index. */
    void finishWebhook(String jobId, Map<String, Object> attributes);

    /**
     * Records how the webhook's delivery ended ({@link #finishWebhook}): {@code webhook} ({@code DELIVERED} or
     * {@code FAILED}), the event id, the attempts, when, and the last HTTP status and the error when there are any.
     */
    default void recordWebhookOutcome(String jobId, WebhookOutcome outcome, Instant at) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(JobAttributes.WEBHOOK, outcome.result());
        attributes.put(JobAttributes.WEBHOOK_EVENT_ID, outcome.eventId());
        attributes.put(JobAttributes.WEBHOOK_ATTEMPTS, outcome.attempts());
        attributes.put(JobAttributes.WEBHOOK_AT, Times.format(at));
        outcome.lastStatus().ifPresent(s -> attributes.put(JobAttributes.WEBHOOK_LAST_STATUS, s));
        putIfPresent(attributes, JobAttributes.WEBHOOK_ERROR, outcome.error());
        finishWebhook(jobId, attributes);
    }

    /** Drops the claimant's claim after a failed publish, so a retry can publish. */
    void releaseNotification(String jobId, String claimant);

    // ---- reconciliation (the sparse PendingJobs index) ----

    /**
     * Ids of the jobs pending as {@code kind} since before {@code before}, oldest first, at most {@code limit}: a
     * Query of the sparse index, never a Scan. The index is eventually consistent: read the job before acting.
     */
    List<String> findPending(Pending kind, Instant before, int limit);

    /**
     * Takes a job whose notification went out off the index (a repeated final transition had put it back), unless
     * its webhook is still PENDING (then the webhook's delivery takes it off).
     */
    void clearPending(String jobId);

    // ---- revisions (see Revisions) ----

    /**
     * Claims version {@code version} of a completed job: sets {@code latestVersion} and {@code runningVersion} to it if
     * the job is COMPLETED, no revision is running and {@code latestVersion} is {@code version - 1} (absent for 2).
     * False when any of that does not hold (nothing changes).
     */
    boolean claimRevision(String jobId, int version, Instant now);

    /**
     * Ends the running revision {@code version} of a job: removes {@code runningVersion} if it is still
     * {@code version} and sets the attributes in the same write. False when another version is running, or none.
     */
    boolean releaseRevision(String jobId, int version, Map<String, Object> attributes);

    /**
     * Ends the running revision {@code version} of a job ({@link #releaseRevision}); a {@code completed} one becomes the
     * job's {@code latestCompletedVersion} in the same write. False when another version is running, or none.
     */
    default boolean endRevision(String jobId, int version, boolean completed) {
        return releaseRevision(jobId, version, completed ? Map.of(JobAttributes.LATEST_COMPLETED_VERSION, version) : Map.of());
    }

    /** Why a job is in the pending index: running, its notification not sent, or its webhook not delivered. */
    enum Pending { OPEN, NOTIFY, WEBHOOK }

    /**
     * What Validate Job found: the inputs in order and the options of {@code job.json}. {@code title},
     * {@code rendererReason}, {@code aspectRatio}, {@code secondsPerImage}, {@code userInstruction} and
     * {@code callbackUrl} are null when absent (and then not written).
     */
    record Validation(List<InputFile> inputs, int imageCount, boolean hasMusic, String instruction, String language,
                      String title, String renderer, boolean fallback, String rendererReason, String aspectRatio,
                      Double secondsPerImage, String userInstruction, String callbackUrl) {
    }

    /**
     * How a webhook's delivery ended: {@code result} {@code DELIVERED} or {@code FAILED}, after {@code attempts}, with the
     * last HTTP status (empty when no attempt got a response) and why it failed (null when it did not).
     */
    record WebhookOutcome(String result, String eventId, int attempts, OptionalInt lastStatus, String error) {
    }

    /** How an intake write ({@link #openGeneration}, {@link #joinJob}) ended; nothing was written unless {@code JOINED}. */
    enum IntakeWrite { JOINED, EVENT_HANDLED, REFUSED, CONTENDED }

    /** Where an upload folder's intake stands. */
    record PrefixPointer(String prefix, long generation, String jobId, boolean open) {
    }

    enum NotificationClaim { CLAIMED, ALREADY_SENT, HELD_BY_ANOTHER }
}
