package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.JobValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake: turns S3 upload events into jobs and decides when a job's upload set is closed.
 *
 * <p>Membership follows S3's state, never the order or the timestamps of events: S3 delivers events at least
 * once, late and in any order. An upload folder has a pointer item with a generation number; while the
 * pointer's job is collecting uploads, new files join it. Check Uploads closes the set from a listing of the
 * folder (a new {@code job.json}, or no new object for the quiet period, measured from when events arrived and
 * from the objects' own last-modified times) and fixes it on the job as an {@link UploadSet} of keys and
 * ETags, in the same conditional write that ends collecting. After that, an event for an object in the closed
 * set is a duplicate and does nothing; only an object that is new or changed since the close opens
 * generation + 1, a new job, and the old job never changes. An event for an object that is no longer in S3 as
 * the event describes it (overwritten or deleted since) is stale and ignored. A file joins the open job, or
 * opens the next generation (pointer and job), in one transaction with the record of its event, so an event
 * delivered twice at once counts once. The job id is derived from the folder and the generation, and the
 * execution is named after it, so a repeated start is a no-op.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final String MANIFEST = "job.json";
    private static final int MAX_ATTEMPTS = 8;
    private static final int MAX_SLUG = 48;
    /** How often a check looks at a folder whose files are still arriving (see {@link #checkUploads}). */
    private static final Duration SETTLE_INTERVAL = Duration.ofMillis(250);
    /** The pause before trying again when another transaction held the folder's items (times the attempt). */
    private static final Duration CONTENTION_BACKOFF = Duration.ofMillis(20);

    private final JobRepository jobs;
    private final MediaStore media;
    private final ExecutionStarter executions;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WorkflowMetrics metrics;
    private final Sleeper sleeper;

    public IntakeService(JobRepository jobs, MediaStore media, ExecutionStarter executions, WorkflowConfig config, Clock clock,
                         WorkflowMetrics metrics, Sleeper sleeper) {
        this.jobs = jobs;
        this.media = media;
        this.executions = executions;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.sleeper = sleeper;
    }

    /**
     * One S3 ObjectCreated record, its key already URL-decoded. The event time is only logged (as the delivery
     * delay): S3 delivers late whenever it likes, so nothing is decided by it.
     */
    public record UploadEvent(String bucket, String key, long size, String eTag, String sequencer, Instant eventTime) {
    }

    public record IntakeResult(String key, String jobId, Outcome outcome, String reason) {
        public enum Outcome { STARTED, JOINED, DUPLICATE, IGNORED }
    }

    /** The result of one Check Uploads step ({@code $.uploads}). */
    public record UploadCheck(boolean settled, int checks, boolean manifest, long files) {
    }

    public IntakeResult accept(UploadEvent event) {
        Optional<String> ignored = ignoreReason(event);
        if (ignored.isPresent()) {
            LOG.atInfo().addKeyValue("key", event.key()).addKeyValue("reason", ignored.get()).log("upload ignored");
            return new IntakeResult(event.key(), null, IntakeResult.Outcome.IGNORED, ignored.get());
        }
        String eventId = event.key() + "#" + Optional.ofNullable(event.sequencer()).orElse(String.valueOf(event.eTag()));
        Optional<String> seen = jobs.findUploadEvent(eventId);
        if (seen.isPresent()) {
            return handledBefore(event, seen.get());
        }
        Assignment assignment = assign(event, folderOf(event.key()), eventId);
        if (assignment instanceof HandledBefore handled) {
            return handledBefore(event, handled.jobId());
        }
        if (assignment instanceof NotAssigned not) {
            LOG.atInfo().addKeyValue("key", event.key()).addKeyValue("jobId", not.jobId())
                    .addKeyValue("outcome", not.outcome()).addKeyValue("reason", not.reason()).log("upload not assigned");
            return new IntakeResult(event.key(), not.jobId(), not.outcome(), not.reason());
        }
        Joined joined = (Joined) assignment;
        // the job as created (not started yet) or as read (seen started) saves reading it again
        boolean started = joined.known() != null ? ensureStarted(joined.known()) : ensureStarted(joined.jobId());
        if (event.eventTime() != null) {
            LOG.atInfo().addKeyValue("key", event.key()).addKeyValue("jobId", joined.jobId())
                    .addKeyValue("deliveryDelayMillis", Duration.between(event.eventTime(), clock.instant()).toMillis()).log("upload assigned");
        }
        IntakeResult.Outcome outcome = joined.created() || started ? IntakeResult.Outcome.STARTED : IntakeResult.Outcome.JOINED;
        return new IntakeResult(event.key(), joined.jobId(), outcome, null);
    }

    /** A repeated delivery of an event that joined {@code jobId}: nothing to add, but its job must be running. */
    private IntakeResult handledBefore(UploadEvent event, String jobId) {
        ensureStarted(jobId);
        return new IntakeResult(event.key(), jobId, IntakeResult.Outcome.DUPLICATE, "event already handled");
    }

    /**
     * After the quiet-period Wait: is the job's upload set complete? If so, fixes it from a listing of the folder
     * and ends collecting, in one conditional write that fails when another upload joined in the meantime (then
     * the next check decides again). While files are still arriving (the last one came less than the settle time
     * ago), the check watches the folder for up to the settle time before answering "not yet", so a folder whose
     * {@code job.json} lands a moment after the first check costs one check instead of a Wait and a second one.
     */
    public UploadCheck checkUploads(String jobId, int previousChecks, JobSettings settings) {
        int checks = previousChecks + 1;
        Instant watchUntil = clock.instant().plus(config.uploadSettle());
        Job job = findJob(jobId);
        // the previous generation's set is closed: read once, not on every look
        UploadSet earlier = previousSet(job);
        Look look = look(job, earlier, checks, settings);
        while (look.settled() == null && look.arriving() && clock.instant().isBefore(watchUntil)) {
            pause(SETTLE_INTERVAL);
            // the job as read is enough to watch the listing; only a refused close (an upload joined) needs it again
            look = look(look.closeRefused() ? findJob(jobId) : look.job(), earlier, checks, settings);
        }
        if (look.settled() != null) {
            return look.settled();
        }
        jobs.markWaitingForUploads(jobId, clock.instant());
        return new UploadCheck(false, checks, look.manifest(), look.files());
    }

    /**
     * One look at the job's folder: the settled answer when the set is (or now gets) closed; otherwise whether files
     * are still arriving and whether a close was refused because another upload joined, with what the listing showed.
     */
    private record Look(Job job, UploadCheck settled, boolean arriving, boolean closeRefused, boolean manifest, long files) {
    }

    private Job findJob(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
    }

    private Look look(Job job, UploadSet earlier, int checks, JobSettings settings) {
        String jobId = job.jobId();
        if (job.status().isFinal()) {
            throw new JobStateConflictException("job " + jobId + " is already " + job.status());
        }
        if (!job.status().isCollecting()) {
            UploadCheck closed = new UploadCheck(true, checks, job.manifestReceived(), job.uploadSet().size());
            return new Look(job, closed, false, false, closed.manifest(), closed.files());
        }
        List<MediaStore.StoredObject> objects = media.list(job.prefix()).stream().filter(o -> !o.key().endsWith("/")).toList();
        List<MediaStore.StoredObject> fresh = objects.stream().filter(o -> !earlier.contains(o)).toList();
        boolean manifest = fresh.stream().anyMatch(o -> o.key().equals(job.prefix() + MANIFEST));
        Instant now = clock.instant();
        Instant lastUpload = Optional.ofNullable(job.lastUploadAt()).orElse(now);
        for (MediaStore.StoredObject object : fresh) {
            if (object.lastModified() != null && object.lastModified().isAfter(lastUpload)) {
                lastUpload = object.lastModified();
            }
        }
        Duration sinceLastUpload = Duration.between(lastUpload, now);
        boolean arriving = sinceLastUpload.compareTo(config.uploadSettle()) < 0;
        boolean quiet = !sinceLastUpload.minusSeconds(settings.quietPeriodSeconds()).isNegative();
        if (!manifest && !quiet) {
            return new Look(job, null, arriving, false, false, objects.size());
        }
        if (objects.size() > UploadSet.MAX_OBJECTS) {
            throw new JobValidationException(objects.size() + " objects under " + job.prefix() + "; a job folder holds at most "
                    + UploadSet.MAX_OBJECTS + " objects: move the files that are not part of this video elsewhere");
        }
        long uploadEvents = job.uploadEvents();
        if (!jobs.closeUploads(jobId, uploadEvents,
                Map.of(JobAttributes.UPLOAD_SET, UploadSet.of(objects).encoded(), JobAttributes.MANIFEST_RECEIVED, manifest), now)) {
            return new Look(job, null, arriving, true, manifest, objects.size());
        }
        jobs.closePrefix(job.prefix(), jobId);
        LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("files", objects.size()).addKeyValue("manifest", manifest)
                .addKeyValue("checks", checks).log("upload set closed");
        return new Look(job, new UploadCheck(true, checks, manifest, objects.size()), false, false, manifest, objects.size());
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during intake", e);
        }
    }

    /** The execution input for a job (references and settings only). */
    public String executionInput(Job job) {
        return executionInput(job, config.settings());
    }

    /** The execution input for a job with the given settings: the one shape for both entry points (S3 drop and API). */
    public static String executionInput(Job job, JobSettings settings) {
        ObjectMapper json = Json.MAPPER;
        ObjectNode input = json.createObjectNode();
        input.put("jobId", job.jobId());
        input.put("bucket", job.bucket());
        input.put("prefix", job.prefix());
        input.set("settings", json.valueToTree(settings));
        return input.toString();
    }

    /** The job id for generation {@code generation} of an upload folder: only [A-Za-z0-9-_], at most 80 chars. */
    public static String jobId(String prefix, String folderName, long generation) {
        String slug = folderName.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            slug = "job";
        }
        return slug + "-" + shortHash(prefix) + "-" + generation;
    }

    /**
     * Where an event's object belongs: the job it joined (or created), no job ({@code DUPLICATE}: already in a closed set;
     * {@code IGNORED}: stale), or the job another delivery of the same event joined.
     */
    private sealed interface Assignment permits Joined, NotAssigned, HandledBefore {
    }

    /** {@code known}: the job as read (or created) before the join, when that is enough to tell whether it was started. */
    private record Joined(String jobId, boolean created, Job known) implements Assignment {
    }

    private record NotAssigned(String jobId, IntakeResult.Outcome outcome, String reason) implements Assignment {
    }

    private record HandledBefore(String jobId) implements Assignment {
    }

    /**
     * Joins the event's upload to the folder's open job, or opens the folder's next generation with it. Each is one
     * transaction that also records the event, so a repeated delivery racing this one joins nothing twice.
     */
    private Assignment assign(UploadEvent event, String prefix, String eventId) {
        Instant arrivedAt = clock.instant();
        Instant expiresAt = arrivedAt.plus(config.jobTtl());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<JobRepository.PrefixPointer> pointer = jobs.findPrefix(prefix);
            // the pointer's job, read once: for the closed-set check and whether it was started
            Optional<Job> current = pointer.flatMap(p -> jobs.find(p.jobId()));
            if (pointer.isPresent()) {
                Optional<String> holder = closedSetHolding(pointer.get(), current, event);
                if (holder.isPresent()) {
                    return new NotAssigned(holder.get(), IntakeResult.Outcome.DUPLICATE, "already in the closed upload set of job " + holder.get());
                }
            }
            JobRepository.IntakeWrite write;
            Joined joined;
            if (pointer.isPresent() && pointer.get().open()) {
                String jobId = pointer.get().jobId();
                write = jobs.joinJob(jobId, eventId, arrivedAt, expiresAt);
                joined = new Joined(jobId, false, current.filter(Job::executionStarted).orElse(null));
                if (write == JobRepository.IntakeWrite.REFUSED) {
                    // the job stopped collecting: the folder's next upload opens a new generation
                    jobs.closePrefix(prefix, jobId);
                }
            } else if (pointer.isPresent() && !stillInS3(event)) {
                return new NotAssigned(null, IntakeResult.Outcome.IGNORED,
                        "stale event: " + event.key() + " was overwritten or deleted since; its current version has its own event");
            } else {
                long generation = pointer.map(p -> p.generation() + 1).orElse(1L);
                String jobId = jobId(prefix, nameOf(prefix), generation);
                Map<String, Object> attributes = newJobAttributes(event.bucket(), prefix, generation, arrivedAt);
                write = jobs.openGeneration(new JobRepository.PrefixPointer(prefix, generation, jobId, true), attributes, eventId,
                        arrivedAt, expiresAt);
                joined = new Joined(jobId, true, createdJob(jobId, attributes));
                if (write == JobRepository.IntakeWrite.JOINED) {
                    LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("prefix", prefix).addKeyValue("generation", generation)
                            .log("job created");
                }
            }
            if (write == JobRepository.IntakeWrite.JOINED) {
                return joined;
            }
            if (write == JobRepository.IntakeWrite.EVENT_HANDLED) {
                return new HandledBefore(jobs.findUploadEvent(eventId)
                        .orElseThrow(() -> new IllegalStateException("upload event " + eventId + " was recorded and then vanished")));
            }
            if (write == JobRepository.IntakeWrite.CONTENDED) {
                pause(CONTENTION_BACKOFF.multipliedBy(attempt + 1));
            }
        }
        throw new IllegalStateException("could not assign an upload under " + prefix + " to a job after "
                + MAX_ATTEMPTS + " attempts: too many concurrent writers; the event goes back to the intake queue for a retry");
    }

    /**
     * The job (of the pointer's generation or the one before) whose closed upload set holds the event's object;
     * {@code current} is the pointer's job as already read.
     */
    private Optional<String> closedSetHolding(JobRepository.PrefixPointer pointer, Optional<Job> current, UploadEvent event) {
        for (long generation = pointer.generation(); generation >= Math.max(1, pointer.generation() - 1); generation--) {
            String jobId = generation == pointer.generation() ? pointer.jobId() : jobId(pointer.prefix(), nameOf(pointer.prefix()), generation);
            Optional<Job> job = generation == pointer.generation() ? current : jobs.find(jobId);
            if (job.isPresent() && job.get().uploadSet().contains(event.key(), event.eTag())) {
                return Optional.of(jobId);
            }
        }
        return Optional.empty();
    }

    /** Is the object still in S3 as the event describes it? (Events without an ETag are taken as current.) */
    private boolean stillInS3(UploadEvent event) {
        if (event.eTag() == null || event.eTag().isBlank()) {
            return true;
        }
        return media.head(event.key())
                .map(o -> UploadSet.normalizeETag(o.eTag()).equals(UploadSet.normalizeETag(event.eTag())))
                .orElse(false);
    }

    /** The upload set of the folder's previous generation (empty for the first). */
    private UploadSet previousSet(Job job) {
        if (job.generation() <= 1) {
            return UploadSet.empty();
        }
        return jobs.find(jobId(job.prefix(), nameOf(job.prefix()), job.generation() - 1)).map(Job::uploadSet).orElse(UploadSet.empty());
    }

    /** A new job's attributes: the folder's generation {@code generation} with the upload that arrived at {@code arrivedAt} joined. */
    private Map<String, Object> newJobAttributes(String bucket, String prefix, long generation, Instant arrivedAt) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.UPLOAD_EVENTS, 1L);
        attributes.put(JobAttributes.LAST_UPLOAD_AT, Times.format(arrivedAt));
        attributes.put(JobAttributes.JOB_NAME, nameOf(prefix));
        attributes.put(JobAttributes.BUCKET, bucket);
        attributes.put(JobAttributes.PREFIX, prefix);
        attributes.put(JobAttributes.GENERATION, generation);
        // the jobs API lists S3-drop jobs too (sparse GSI: only job items carry listKey)
        attributes.put("listKey", "JOB");
        attributes.put("createdAt", Times.format(arrivedAt));
        return attributes;
    }

    /** The job as {@link JobRepository#openGeneration} creates it, without reading it back. */
    private static Job createdJob(String jobId, Map<String, Object> attributes) {
        Map<String, Object> written = new HashMap<>(attributes);
        written.put(JobAttributes.JOB_ID, jobId);
        written.put(JobAttributes.STATUS, JobStatus.RECEIVED.name());
        return Job.fromAttributes(written);
    }

    /** Starts the job's execution unless the job item says it was started; true when this call started it. */
    private boolean ensureStarted(String jobId) {
        return ensureStarted(jobs.find(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished during intake")));
    }

    /** As {@link #ensureStarted(String)}, with the job already read (or just created: then it has no execution yet). */
    private boolean ensureStarted(Job job) {
        String jobId = job.jobId();
        if (job.executionStarted()) {
            return false;
        }
        boolean started = executions.start(jobId, executionInput(job));
        jobs.markExecutionStarted(jobId);
        if (started) {
            metrics.jobStarted();
            LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("execution", jobId).log("execution started");
        }
        return started;
    }

    private Optional<String> ignoreReason(UploadEvent event) {
        String key = event.key();
        if (config.mediaBucket() != null && !config.mediaBucket().equals(event.bucket())) {
            return Optional.of("bucket " + event.bucket() + " is not the media bucket");
        }
        if (key == null || !key.startsWith(config.uploadsPrefix())) {
            return Optional.of("outside " + config.uploadsPrefix());
        }
        String rest = key.substring(config.uploadsPrefix().length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.of("not inside a job folder: upload to " + config.uploadsPrefix() + "<job-name>/<file>");
        }
        if (key.endsWith("/")) {
            return Optional.of("a folder marker, not a file");
        }
        return Optional.empty();
    }

    private String folderOf(String key) {
        String rest = key.substring(config.uploadsPrefix().length());
        return config.uploadsPrefix() + rest.substring(0, rest.indexOf('/') + 1);
    }

    private String nameOf(String prefix) {
        String rest = prefix.substring(config.uploadsPrefix().length());
        return rest.substring(0, rest.length() - 1);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
