package dev.photoreel.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs table: job items, the intake pointer of each upload folder, and the S3 events already
 * handled. Every change that could race is a conditional write.
 */
public interface JobRepository {

    Optional<Job> find(String jobId);

    // ---- intake ----

    /** The intake pointer of an upload folder. */
    Optional<PrefixPointer> findPrefix(String prefix);

    /**
     * Points the folder at a new job of generation {@code generation}, open for uploads, if the
     * pointer is still at {@code generation - 1} (or absent when that is 0). False when another
     * writer moved it first.
     */
    boolean advancePrefix(String prefix, long generation, String jobId, Instant now);

    /** Closes the folder's pointer for uploads if it still points at {@code jobId}. */
    void closePrefix(String prefix, String jobId);

    /** The job an S3 event (object key + sequencer) already joined, if any. */
    Optional<String> findUploadEvent(String eventId);

    /** Records that an event joined a job; returns the job id of whichever writer recorded it first. */
    String recordUploadEvent(String eventId, String jobId, Instant expiresAt);

    /**
     * Creates a job item in status RECEIVED with the given attributes (and {@code pending = OPEN}); false when it
     * exists already.
     */
    boolean createJob(String jobId, Map<String, Object> attributes, Instant now, Instant expiresAt);

    /**
     * Adds an upload to a job still collecting uploads (RECEIVED or WAITING_FOR_UPLOADS): counts it in
     * {@code uploadEvents} and raises {@code lastUploadAt}. False when the job stopped collecting.
     */
    boolean joinJob(String jobId, Instant uploadedAt);

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

    /** Sets attributes without a status change. */
    void setAttributes(String jobId, Map<String, Object> attributes);

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

    /** Why a job is in the pending index: running, its notification not sent, or its webhook not delivered. */
    enum Pending { OPEN, NOTIFY, WEBHOOK }

    /** Where an upload folder's intake stands. */
    record PrefixPointer(String prefix, long generation, String jobId, boolean open) {
    }

    enum NotificationClaim { CLAIMED, ALREADY_SENT, HELD_BY_ANOTHER }
}
