package dev.photoreel.workflow;

/** Attribute names of the items in the jobs table (see docs/workflow-contract.md). */
public final class JobAttributes {
    public static final String PK = "pk";
    public static final String TTL = "ttl";

    public static final String JOB_ID = "jobId";
    public static final String JOB_NAME = "jobName";
    public static final String BUCKET = "bucket";
    public static final String PREFIX = "prefix";
    public static final String GENERATION = "generation";
    public static final String STATUS = "status";
    public static final String STATUS_RANK = "statusRank";
    public static final String UPDATED_AT = "updatedAt";
    public static final String LAST_UPLOAD_AT = "lastUploadAt";
    public static final String MANIFEST_RECEIVED = "manifestReceived";
    public static final String EXECUTION_STARTED = "executionStarted";
    public static final String UPLOAD_EVENTS = "uploadEvents";
    public static final String UPLOAD_SET = "uploadSet";
    /** When the API created the job or revision (absent on a job made by an upload). */
    public static final String CREATED_AT = "createdAt";
    /** The files announced with {@code POST /jobs}, as JSON (absent on a job made by an upload or from a folder). */
    public static final String ANNOUNCED_FILES = "apiFiles";

    public static final String INPUTS = "inputs";
    public static final String IMAGE_COUNT = "imageCount";
    public static final String HAS_MUSIC = "hasMusic";
    public static final String INSTRUCTION = "instruction";
    public static final String TITLE = "title";
    public static final String LANGUAGE = "language";

    /** The backend that makes (or made) the video: {@code nemovideo} or {@code ffmpeg}. */
    public static final String RENDERER = "renderer";
    /** Why the ffmpeg backend made the video (asked for, or the vendor failure it stood in for). */
    public static final String RENDERER_REASON = "rendererReason";
    /** Whether a vendor failure the ffmpeg backend can serve falls back to it ({@code job.json} {@code fallback}). */
    public static final String FALLBACK = "fallback";
    public static final String ASPECT_RATIO = "aspectRatio";
    public static final String SECONDS_PER_IMAGE = "secondsPerImage";
    /** The instruction as the user wrote it in {@code job.json} (absent when they wrote none). */
    public static final String USER_INSTRUCTION = "userInstruction";
    /** The instruction's words the ffmpeg backend did not act on (told in the notification). */
    public static final String IGNORED_WORDS = "ignoredWords";
    /** The vendor's credit balance when Authenticate Vendor checked it for this job. */
    public static final String CREDITS_AVAILABLE = "creditsAvailable";

    public static final String SESSION_ID = "sessionId";
    public static final String TASK_ID = "taskId";
    public static final String SESSION_RENEWALS = "sessionRenewals";
    public static final String LOST_SESSION_ID = "lostSessionId";
    public static final String UPLOADED_FILES = "uploadedFiles";
    public static final String UPLOAD_MODE = "uploadMode";
    public static final String STREAM_END = "streamEnd";
    public static final String TIMELINE_SUMMARY = "timelineSummary";
    public static final String RENDER_ID = "renderId";
    public static final String PROGRESS = "progress";

    public static final String VIDEO_KEY = "videoKey";
    public static final String SIZE_BYTES = "sizeBytes";
    public static final String DURATION_SECONDS = "durationSeconds";
    /** The poster JPEG next to the video ({@code videos/<job-id>.jpg}); the ffmpeg backend writes one. */
    public static final String POSTER_KEY = "posterKey";

    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR_MESSAGE = "errorMessage";

    /** The job's webhook URL ({@code callbackUrl} of {@code POST /jobs} or {@code job.json}). */
    public static final String CALLBACK_URL = "callbackUrl";
    /** {@code DELIVERED} or {@code FAILED}: set once, by the attempt that confirmed the SNS notification. */
    public static final String WEBHOOK = "webhook";
    public static final String WEBHOOK_EVENT_ID = "webhookEventId";
    public static final String WEBHOOK_ATTEMPTS = "webhookAttempts";
    /** The HTTP status of the last attempt (absent when none got a response). */
    public static final String WEBHOOK_LAST_STATUS = "webhookLastStatus";
    /** Why it failed: the last status or the exception's class, never the URL, secret or signature. */
    public static final String WEBHOOK_ERROR = "webhookError";
    public static final String WEBHOOK_AT = "webhookAt";
    /** Who delivers the webhook ({@code webhook = PENDING}): the attempt that confirmed the SNS message, or the reconciler later. */
    public static final String WEBHOOK_CLAIMANT = "webhookClaimant";
    public static final String WEBHOOK_CLAIMED_AT = "webhookClaimedAt";
    /** {@code webhook} from the SNS confirmation until the delivery's outcome is recorded. */
    public static final String WEBHOOK_PENDING = "PENDING";

    // ---- revisions (see Revisions) ----

    /** On a revision item: the job it revises. A revision item's id is {@code <jobId>-r<version>}. */
    public static final String REVISION_OF = "revisionOf";
    /** On a revision item: the version it makes (2, 3, ...). */
    public static final String VERSION = "version";
    /** On a revision item: the vendor instructions the draft holds before this one, oldest first (a JSON array). */
    public static final String INSTRUCTION_HISTORY = "instructionHistory";
    /** On a revision item: the user's own instructions before this one (job first, "" when it had none), a JSON array. */
    public static final String USER_INSTRUCTION_HISTORY = "userInstructionHistory";
    /** On a job: the highest version claimed (absent: 1, the job's own video). */
    public static final String LATEST_VERSION = "latestVersion";
    /** On a job: the revision running now (absent: none); set and removed by conditional writes. */
    public static final String RUNNING_VERSION = "runningVersion";
    /** On a job: the newest version with a video (absent: 1). */
    public static final String LATEST_COMPLETED_VERSION = "latestCompletedVersion";

    public static final String NOTIFY_CLAIMANT = "notifyClaimant";
    public static final String NOTIFY_CLAIMED_AT = "notifyClaimedAt";
    public static final String NOTIFIED_AT = "notifiedAt";
    public static final String NOTIFICATION_MESSAGE_ID = "notificationMessageId";
    /** {@code PENDING} from the moment the job is final until its one message went out, then {@code SENT}. */
    public static final String NOTIFICATION = "notification";

    /**
     * The sparse {@link #PENDING_INDEX}'s partition key: {@code OPEN} while the job runs, {@code NOTIFY} once it is
     * final and its message has not gone out; removed when it has. Only open or unnotified jobs are in the index,
     * so the reconciler finds them with a Query, never a Scan.
     */
    public static final String PENDING = "pending";
    /** The index's sort key: since when the job is {@link #PENDING} as it is (created, or became final). */
    public static final String PENDING_SINCE = "pendingSince";
    public static final String PENDING_INDEX = "PendingJobs";
    public static final String NOTIFICATION_PENDING = "PENDING";
    public static final String NOTIFICATION_SENT = "SENT";

    public static final String JOB_PK_PREFIX = "JOB#";
    public static final String PREFIX_PK_PREFIX = "PREFIX#";
    public static final String UPLOAD_PK_PREFIX = "UPLOAD#";

    private JobAttributes() {
    }
}
