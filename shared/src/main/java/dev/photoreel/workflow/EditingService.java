package dev.photoreel.workflow;

import dev.photoreel.nemo.Credits;
import dev.photoreel.nemo.FileUpload;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.NemoApi;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.UploadedFile;
import dev.photoreel.nemo.VendorSession;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.workflow.exceptions.JobStateConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editing steps at the vendor: authenticate (token + credits), create the session, upload the
 * inputs, stream the instruction, and check the draft.
 *
 * <p>Upload: by presigned S3 GET URL, so the bytes never pass through Lambda. The vendor fetches the
 * URLs itself; if it refuses that request ({@link VendorRejectedException}: any 4xx or vendor code
 * without a more specific meaning, e.g. it cannot fetch the URL or does not accept URL uploads) or
 * acknowledges fewer files than were sent, the files are sent again as multipart, streamed from S3.
 * Typed errors that multipart cannot fix (unsupported file, file too large, no credits, bad token,
 * session gone) and transient ones (left to the state machine's Retry) do not trigger the fallback.
 */
public final class EditingService {

    private static final Logger LOG = LoggerFactory.getLogger(EditingService.class);
    public static final String REGISTRATION_HINT = "register a NemoVideo account at https://nemovideo.ai (or top up"
            + " its credits), store its token in a Secrets Manager secret and deploy with the NemoTokenSecretArn"
            + " parameter (NEMO_TOKEN_SECRET_ARN)";
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(15);

    private final RendererConfig renderers;
    private final JobRepository jobs;
    private final MediaStore media;
    private final NemoApi vendor;
    private final TokenSource tokens;
    private final WorkflowConfig config;
    private final Clock clock;

    public EditingService(JobRepository jobs, MediaStore media, NemoApi vendor, TokenSource tokens,
                          WorkflowConfig config, RendererConfig renderers, Clock clock) {
        this.renderers = renderers;
        this.jobs = jobs;
        this.media = media;
        this.vendor = vendor;
        this.tokens = tokens;
        this.config = config;
        this.clock = clock;
    }

    public record AuthResult(long creditsAvailable) {
    }

    public record UploadResult(int files, String mode) {
    }

    public record StreamResult(String end, int textChars, int toolCalls) {
    }

    public record DraftCheck(boolean ready, int checks, String summary) {
    }

    /** Makes sure the shared token exists (minting it only if needed) and credits remain. */
    public AuthResult authenticate() {
        tokens.currentToken();
        Credits credits = vendor.credits();
        if (credits.available() <= 0) {
            throw new InsufficientCreditsException("the NemoVideo account has no credits left (available "
                    + credits.available() + ", frozen " + credits.frozen() + "): " + REGISTRATION_HINT, 2001, null, null);
        }
        if (credits.available() < renderers.creditsPerJob()) {
            throw new InsufficientCreditsException("the NemoVideo account has " + credits.available()
                    + " credits, and a job needs " + renderers.creditsPerJob() + " (VENDOR_CREDITS_PER_JOB): "
                    + REGISTRATION_HINT, 2001, null, null);
        }
        LOG.atInfo().addKeyValue("creditsAvailable", credits.available()).log("vendor ready");
        return new AuthResult(credits.available());
    }

    /**
     * {@link #authenticate()}, and records on the job item the balance it found ({@code creditsAvailable}), so the
     * credits a job could spend are on record next to it.
     */
    public AuthResult authenticate(String jobId) {
        AuthResult result = authenticate();
        jobs.find(jobId).filter(job -> !job.status().isFinal())
                .ifPresent(job -> jobs.recordCredits(job, result.creditsAvailable(), clock.instant()));
        return result;
    }

    /** The result of Create Session ({@code $.vendor}): the ids and how often the session was renewed. */
    public record SessionResult(String sessionId, String taskId, int renewals) {
    }

    /** Creates the job's first vendor session, or reuses the one recorded (a retry after the write). */
    public SessionResult createSession(String jobId) {
        return createSession(jobId, null, 0);
    }

    /**
     * Creates the job's vendor session. With {@code lostSessionId} (the session the vendor no longer
     * knows, code 1002) a new one replaces it on the job item and {@code renewals} is counted up; the
     * state machine's "Session Lost?" Choice bounds the renewals. A retry of this step after the new
     * session was recorded (the job names a session other than the lost one) reuses it.
     *
     * @param previousRenewals the renewals counted so far ({@code $.vendor.renewals}, 0 the first time)
     */
    public SessionResult createSession(String jobId, String lostSessionId, int previousRenewals) {
        Job job = job(jobId);
        String existing = job.sessionId();
        boolean renewal = lostSessionId != null;
        int renewals = renewal ? previousRenewals + 1 : previousRenewals;
        if (existing != null && !existing.equals(lostSessionId)) {
            // a retry after the session was recorded: reuse it rather than create a second one
            return new SessionResult(existing, job.taskId(), renewals);
        }
        String language = job.language() == null ? "en" : job.language();
        VendorSession session = vendor.createSession(taskName(job), language);
        if (renewal) {
            jobs.recordRenewedSession(job, session.sessionId(), session.taskId(), lostSessionId, renewals, clock.instant());
        } else {
            jobs.recordSession(job, session.sessionId(), session.taskId(), clock.instant());
        }
        if (renewal) {
            LOG.atWarn().addKeyValue("sessionId", session.sessionId()).addKeyValue("lostSessionId", lostSessionId)
                    .addKeyValue("renewals", renewals).log("vendor session lost; a new session replaces it, the media is uploaded again");
        } else {
            LOG.atInfo().addKeyValue("sessionId", session.sessionId()).addKeyValue("taskId", session.taskId()).log("vendor session created");
        }
        return new SessionResult(session.sessionId(), session.taskId(), renewals);
    }

    public UploadResult uploadMedia(String jobId, String sessionId) {
        Job job = job(jobId);
        List<InputFile> inputs = job.inputs();
        if (inputs.isEmpty()) {
            throw new JobStateConflictException("job " + jobId + " has no validated inputs: Validate Job must run first");
        }
        jobs.markUploading(job, clock.instant());
        String mode = "url";
        List<UploadedFile> uploaded = null;
        try {
            List<String> urls = inputs.stream().map(i -> media.presignGet(i.key(), config.uploadUrlExpiry()).toString()).toList();
            uploaded = vendor.uploadUrls(sessionId, urls);
            if (uploaded.size() < inputs.size()) {
                LOG.atWarn().addKeyValue("sent", inputs.size()).addKeyValue("acknowledged", uploaded.size())
                        .log("vendor acknowledged fewer files than sent by URL; uploading as multipart from S3");
                uploaded = null;
            }
        } catch (VendorRejectedException e) {
            LOG.atWarn().addKeyValue("vendorCode", e.vendorCode()).addKeyValue("httpStatus", e.httpStatus())
                    .log("vendor refused the upload by URL; uploading as multipart from S3");
        }
        if (uploaded == null) {
            mode = "multipart";
            uploaded = vendor.uploadFiles(sessionId, multipart(inputs));
        }
        jobs.recordUploads(jobId, uploaded.size(), mode);
        LOG.atInfo().addKeyValue("files", uploaded.size()).addKeyValue("mode", mode).log("inputs uploaded");
        return new UploadResult(uploaded.size(), mode);
    }

    /**
     * Streams the instruction until the stream closes or {@code deadline}, whichever is first. A revision streams its
     * own instruction into the job's session and draft; when that session was lost and replaced (the new one has
     * only the media), it first replays the instructions the draft held, oldest first, so the result is the same edit.
     */
    public StreamResult streamInstruction(String jobId, String sessionId, Instant deadline) {
        Job job = job(jobId);
        String instruction = job.instruction() == null ? WorkflowConfig.DEFAULT_INSTRUCTION : job.instruction();
        jobs.markEditing(job, clock.instant());
        ProgressLog progress = new ProgressLog(clock, PROGRESS_LOG_INTERVAL);
        if (job.isRevision() && job.sessionRenewed()) {
            List<String> earlier = job.instructionHistory();
            for (String replayed : earlier) {
                InstructionResult replay = vendor.runInstruction(sessionId, replayed, deadline, progress);
                if (replay.error() != null) {
                    LOG.atWarn().addKeyValue("vendorError", replay.error().getMessage()).log("a replayed instruction reported an error");
                }
            }
            LOG.atInfo().addKeyValue("replayed", earlier.size()).log("earlier instructions replayed into the new session");
        }
        InstructionResult result = vendor.runInstruction(sessionId, instruction, deadline, progress);
        if (result.error() != null) {
            // not by itself a failure: the draft check decides whether the edit happened
            LOG.atWarn().addKeyValue("vendorError", result.error().getMessage()).log("the instruction stream reported an error");
        }
        String end = result.end().name();
        int textChars = result.text() == null ? 0 : result.text().length();
        int toolCalls = result.toolCalls() == null ? 0 : result.toolCalls().size();
        jobs.recordStreamEnd(jobId, end);
        LOG.atInfo().addKeyValue("end", end).addKeyValue("textChars", textChars).addKeyValue("toolCalls", toolCalls).addKeyValue("events", progress.total()).log("instruction stream ended");
        return new StreamResult(end, textChars, toolCalls);
    }

    /**
     * Stream Instruction as the state machine runs it: streams, then checks the draft once (the draft loop's first
     * check), so a draft that is ready when the stream closes needs no Check Draft step.
     */
    public DraftCheck streamInstructionAndCheckDraft(String jobId, String sessionId, Instant deadline) {
        streamInstruction(jobId, sessionId, deadline);
        return checkDraft(jobId, sessionId, 0);
    }

    /**
     * One check of the draft: counts it ({@code checks}) and reports whether the draft is exportable. The loop's
     * bound is the state machine's "Draft Ready?" Choice ({@code settings.maxDraftChecks}), not this method.
     */
    public DraftCheck checkDraft(String jobId, String sessionId, int previousChecks) {
        int checks = previousChecks + 1;
        SessionState state = vendor.sessionState(sessionId);
        if (state.hasExportableDraft()) {
            String summary = state.draft().summary();
            jobs.recordDraft(job(jobId), summary, clock.instant());
            LOG.atInfo().addKeyValue("summary", summary).addKeyValue("checks", checks).log("draft ready");
            return new DraftCheck(true, checks, summary);
        }
        return new DraftCheck(false, checks, null);
    }

    private List<FileUpload> multipart(List<InputFile> inputs) {
        return inputs.stream()
                .map(i -> new FileUpload(i.vendorFilename(), i.contentType(), i.sizeBytes(), () -> media.open(i.key())))
                .toList();
    }

    private Job job(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
    }

    private static String taskName(Job job) {
        String title = job.title();
        return title != null ? title : job.jobName();
    }

    /** Counts the stream's events and logs progress at most once per interval. */
    static final class ProgressLog implements StreamListener {
        private final Clock clock;
        private final Duration interval;
        private final Map<StreamEvent.Kind, Integer> counts = new EnumMap<>(StreamEvent.Kind.class);
        private Instant lastLog;
        private int total;

        ProgressLog(Clock clock, Duration interval) {
            this.clock = clock;
            this.interval = interval;
            this.lastLog = clock.instant();
        }

        @Override
        public synchronized void onEvent(StreamEvent event) {
            counts.merge(event.kind(), 1, Integer::sum);
            total++;
            Instant now = clock.instant();
            if (!now.isBefore(lastLog.plus(interval))) {
                lastLog = now;
                LOG.atInfo().addKeyValue("events", total).addKeyValue("byKind", Map.copyOf(counts)).addKeyValue("latest", event.description()).log("instruction stream in progress");
            }
        }

        synchronized int total() {
            return total;
        }
    }
}
