package dev.photoreel.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.UploadsNeverSettledException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake: turns S3 upload events into jobs and decides when a job's uploads have settled.
 *
 * <p>S3 delivers events at least once. Each event (object key + sequencer) is recorded with the
 * job it joined, so a repeated event only makes sure that job's execution exists; it never creates
 * a job. An upload folder has a pointer item with a generation number: while the pointer's job is
 * still collecting uploads, new files join it; once that job moved on (validating or later, or
 * finished), the next file opens generation + 1, a new job, and the old job never changes. The job id
 * is derived from the folder and the generation, and the execution is named after it, so a repeated
 * start is a no-op.
 */
public final class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final String MANIFEST = "job.json";
    private static final int MAX_ATTEMPTS = 8;
    private static final int MAX_SLUG = 48;

    private final JobRepository jobs;
    private final ExecutionStarter executions;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WorkflowMetrics metrics;
    private final ObjectMapper mapper = new ObjectMapper();

    public IntakeService(JobRepository jobs, ExecutionStarter executions, WorkflowConfig config, Clock clock,
                         WorkflowMetrics metrics) {
        this.jobs = jobs;
        this.executions = executions;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** One S3 ObjectCreated record, its key already URL-decoded. */
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
        String prefix = folderOf(event.key());
        String eventId = event.key() + "#" + Optional.ofNullable(event.sequencer()).orElse(String.valueOf(event.eTag()));
        Optional<String> seen = jobs.findUploadEvent(eventId);
        if (seen.isPresent()) {
            ensureStarted(seen.get());
            return new IntakeResult(event.key(), seen.get(), IntakeResult.Outcome.DUPLICATE, "event already handled");
        }
        Instant uploadedAt = event.eventTime() == null ? clock.instant() : event.eventTime();
        boolean manifest = event.key().equals(prefix + MANIFEST);
        Joined joined = join(event.bucket(), prefix, uploadedAt, manifest);
        String owner = jobs.recordUploadEvent(eventId, joined.jobId(), clock.instant().plus(config.jobTtl()));
        boolean started = ensureStarted(owner);
        IntakeResult.Outcome outcome = joined.created() || started ? IntakeResult.Outcome.STARTED : IntakeResult.Outcome.JOINED;
        return new IntakeResult(event.key(), owner, outcome, null);
    }

    /** After the quiet-period Wait: are the job's uploads settled? Closes the job for uploads if so. */
    public UploadCheck checkUploads(String jobId, int previousChecks, JobSettings settings) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        int checks = previousChecks + 1;
        long files = Optional.ofNullable(job.longValue(JobAttributes.UPLOAD_EVENTS)).orElse(0L);
        boolean manifest = job.flag(JobAttributes.MANIFEST_RECEIVED);
        if (job.status().isFinal()) {
            throw new JobStateConflictException("job " + jobId + " is already " + job.status());
        }
        if (!job.status().isCollecting()) {
            return new UploadCheck(true, checks, manifest, files);
        }
        Instant now = clock.instant();
        Instant lastUpload = Optional.ofNullable(job.instant(JobAttributes.LAST_UPLOAD_AT)).orElse(now);
        boolean quiet = !Duration.between(lastUpload, now).minusSeconds(settings.quietPeriodSeconds()).isNegative();
        if (manifest || quiet) {
            jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), now);
            jobs.closePrefix(job.prefix(), jobId);
            LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("files", files).addKeyValue("manifest", manifest)
                    .addKeyValue("checks", checks).log("uploads settled");
            return new UploadCheck(true, checks, manifest, files);
        }
        if (checks >= settings.maxUploadChecks()) {
            throw new UploadsNeverSettledException("files kept arriving under " + job.prefix() + " for "
                    + checks + " checks of " + settings.uploadCheckSeconds() + " s; upload everything, then add job.json"
                    + " (or stop uploading for " + settings.quietPeriodSeconds() + " s) to start a job");
        }
        jobs.transition(jobId, JobStatus.WAITING_FOR_UPLOADS, Map.of(), now);
        return new UploadCheck(false, checks, manifest, files);
    }

    /** The execution input for a job (references and settings only). */
    public String executionInput(Job job) {
        ObjectNode input = mapper.createObjectNode();
        input.put("jobId", job.jobId());
        input.put("bucket", job.bucket());
        input.put("prefix", job.prefix());
        input.set("settings", mapper.valueToTree(config.settings()));
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

    private record Joined(String jobId, boolean created) {
    }

    private Joined join(String bucket, String prefix, Instant uploadedAt, boolean manifest) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<JobRepository.PrefixPointer> pointer = jobs.findPrefix(prefix);
            if (pointer.isPresent() && pointer.get().open()) {
                String jobId = pointer.get().jobId();
                if (jobs.find(jobId).isEmpty()) {
                    // the writer that opened this generation stopped before creating the job: finish its work
                    createJob(bucket, prefix, jobId, pointer.get().generation());
                }
                if (jobs.joinJob(jobId, uploadedAt, manifest)) {
                    return new Joined(jobId, false);
                }
                jobs.closePrefix(prefix, jobId);
                continue;
            }
            long generation = pointer.map(p -> p.generation() + 1).orElse(1L);
            String jobId = jobId(prefix, nameOf(prefix), generation);
            if (jobs.advancePrefix(prefix, generation, jobId, clock.instant())) {
                boolean created = createJob(bucket, prefix, jobId, generation);
                if (jobs.joinJob(jobId, uploadedAt, manifest)) {
                    LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("prefix", prefix).addKeyValue("generation", generation)
                            .log("job created");
                    return new Joined(jobId, created);
                }
            }
        }
        throw new IllegalStateException("could not assign an upload under " + prefix + " to a job after "
                + MAX_ATTEMPTS + " attempts: too many concurrent writers; S3 will redeliver the event");
    }

    private boolean createJob(String bucket, String prefix, String jobId, long generation) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.JOB_NAME, nameOf(prefix));
        attributes.put(JobAttributes.BUCKET, bucket);
        attributes.put(JobAttributes.PREFIX, prefix);
        attributes.put(JobAttributes.GENERATION, generation);
        Instant now = clock.instant();
        return jobs.createJob(jobId, attributes, now, now.plus(config.jobTtl()));
    }

    /** Starts the job's execution unless the job item says it was started; true when this call started it. */
    private boolean ensureStarted(String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " vanished during intake"));
        if (job.flag(JobAttributes.EXECUTION_STARTED)) {
            return false;
        }
        boolean started = executions.start(jobId, executionInput(job));
        jobs.setAttributes(jobId, Map.of(JobAttributes.EXECUTION_STARTED, true));
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
