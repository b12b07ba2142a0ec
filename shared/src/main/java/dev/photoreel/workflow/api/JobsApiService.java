package dev.photoreel.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.ExecutionStarter;
import dev.photoreel.workflow.InputFile;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.Job;
import dev.photoreel.workflow.JobAttributes;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.JobManifest;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.Revisions;
import dev.photoreel.workflow.MediaStore;
import dev.photoreel.workflow.Times;
import dev.photoreel.workflow.UploadSet;
import dev.photoreel.workflow.ValidationService;
import dev.photoreel.workflow.WorkflowConfig;
import dev.photoreel.media.MediaFormat;
import dev.photoreel.media.MediaPolicy;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.webhook.CallbackUrls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs API over the one job model: a job created here is a job item like one from the S3 drop, its inputs
 * under {@code api/<jobId>/} (outside {@code uploads/}, so its uploads start no intake job of their own), its
 * settings in an {@code api/<jobId>/job.json} written at creation. Starting it checks every announced file,
 * closes the upload set the way Check Uploads does and starts the same execution, named after the job id;
 * Check Uploads then finds the job no longer collecting and moves on.
 */
public final class JobsApiService {

    /** A revision claim whose item or execution is missing after this long was abandoned by a request that died. */
    public static final Duration ABANDONED_CLAIM_AFTER = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(JobsApiService.class);
    public static final String API_PREFIX = "api/";
    public static final String LIST_KEY_VALUE = "JOB";
    /** Attributes of API jobs on the job item. */
    public static final String LIST_KEY = "listKey";
    public static final String CALLER = "apiCaller";
    public static final String PROGRESS_SHOWN = "progressShown";

    static final Duration UPLOAD_LINK_EXPIRY = Duration.ofMinutes(15);
    static final Duration VIDEO_LINK_EXPIRY = Duration.ofMinutes(5);
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Set<String> MANIFEST_FIELDS = Set.of("instruction", "title", "aspectRatio", "secondsPerImage", "order", "language",
            "renderer", "fallback", CallbackUrls.FIELD);
    private static final Map<String, String> CONTENT_TYPE_FORMATS = Map.of(
            "image/jpeg", "jpeg", "image/png", "png", "image/webp", "webp", "image/gif", "gif",
            "audio/mpeg", "mp3", "audio/wav", "wav", "audio/x-wav", "wav", "audio/mp4", "m4a", "audio/x-m4a", "m4a", "audio/aac", "aac");

    private final JobRepository jobs;
    private final MediaStore media;
    private final UploadLinks links;
    private final ExecutionStarter executions;
    private final ApiStore store;
    private final WorkflowConfig config;
    private final Clock clock;
    private final Supplier<String> newJobId;
    private final ObjectMapper mapper = Json.MAPPER;

    public JobsApiService(JobRepository jobs, MediaStore media, UploadLinks links, ExecutionStarter executions, ApiStore store,
                          WorkflowConfig config, Clock clock, Supplier<String> newJobId) {
        this.jobs = jobs;
        this.media = media;
        this.links = links;
        this.executions = executions;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.newJobId = newJobId;
    }

    /** A fresh API job id: {@code api-} and 20 random hex digits (a valid execution name). */
    public static Supplier<String> randomJobIds() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[10];
            random.nextBytes(bytes);
            return "api-" + HexFormat.of().formatHex(bytes);
        };
    }

    /** One announced file. */
    public record AnnouncedFile(String name, String contentType, long size) {
        InputFile.Kind kind() {
            return contentType.startsWith("image/") ? InputFile.Kind.IMAGE : InputFile.Kind.AUDIO;
        }
    }

    // ---------------------------------------------------------------- POST /jobs

    /** Creates a job: upload links for announced files, or (with {@code source}) a job over a folder in the bucket, started at once. */
    public ObjectNode create(String caller, JsonNode body, String baseUrl) {
        checkCallbackUrl(body);
        RequestSchema.CREATE_JOB.validate(body);
        if (body.has("source")) {
            return createFromSource(caller, body, baseUrl);
        }
        List<AnnouncedFile> files = announcedFiles(body);
        checkAnnouncement(files, body);
        String jobId = newJobId.get();
        String prefix = API_PREFIX + jobId + "/";
        writeManifest(prefix, body);
        Instant now = clock.instant();
        Map<String, Object> attributes = jobAttributes(caller, prefix, body.path("title").asText(jobId), now);
        attributes.put(JobAttributes.ANNOUNCED_FILES, toJson(files));
        if (body.hasNonNull(CallbackUrls.FIELD)) {
            attributes.put(JobAttributes.CALLBACK_URL, body.get(CallbackUrls.FIELD).asText());
        }
        if (!jobs.createJob(jobId, attributes, now, now.plus(config.jobTtl()))) {
            throw new IllegalStateException("job id " + jobId + " exists already: the id generator repeated itself");
        }
        ObjectNode response = mapper.createObjectNode();
        response.put("jobId", jobId);
        response.put("status", "CREATED");
        ArrayNode uploads = response.putArray("uploads");
        for (AnnouncedFile file : files) {
            ObjectNode upload = uploads.addObject();
            upload.put("name", file.name());
            upload.put("url", links.presignPut(prefix + file.name(), file.contentType(), file.size(), UPLOAD_LINK_EXPIRY).toString());
            upload.put("method", "PUT");
            ObjectNode headers = upload.putObject("headers");
            headers.put("Content-Type", file.contentType());
            headers.put("Content-Length", String.valueOf(file.size()));
        }
        response.put("uploadsExpireAt", now.plus(UPLOAD_LINK_EXPIRY).toString());
        response.set("links", links(baseUrl, jobId));
        LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("files", files.size()).log("api job created");
        return response;
    }

    /** Says what is allowed, where the schema's pattern alone would only say which pattern it missed. */
    private static void checkCallbackUrl(JsonNode body) {
        JsonNode url = body == null ? null : body.get(CallbackUrls.FIELD);
        if (url == null || !url.isTextual()) {
            return;
        }
        CallbackUrls.problem(url.asText()).ifPresent(problem -> {
            throw ApiProblem.invalid(CallbackUrls.FIELD + " " + problem, List.of(new ApiProblem.FieldError(CallbackUrls.FIELD, problem)));
        });
    }

    private ObjectNode createFromSource(String caller, JsonNode body, String baseUrl) {
        List<String> extra = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("source")) {
                extra.add(f);
            }
        });
        if (!extra.isEmpty()) {
            throw ApiProblem.invalid("with 'source' the folder's own job.json holds the settings: leave out " + extra
                    + " or put them in " + body.path("source").path("prefix").asText() + "job.json",
                    extra.stream().map(f -> new ApiProblem.FieldError(f, "not allowed together with source")).toList());
        }
        String prefix = body.path("source").path("prefix").asText();
        List<MediaStore.StoredObject> objects = media.list(prefix).stream().filter(o -> !o.key().endsWith("/")).toList();
        if (objects.isEmpty()) {
            throw ApiProblem.invalid("nothing is stored under " + prefix + ": upload the files first, or announce them in 'files'",
                    List.of(new ApiProblem.FieldError("source.prefix", "no objects under this prefix")));
        }
        if (objects.size() > UploadSet.MAX_OBJECTS) {
            throw ApiProblem.invalid(objects.size() + " objects under " + prefix + "; a job folder holds at most " + UploadSet.MAX_OBJECTS,
                    List.of(new ApiProblem.FieldError("source.prefix", "too many objects")));
        }
        String jobId = newJobId.get();
        Instant now = clock.instant();
        Map<String, Object> attributes = jobAttributes(caller, prefix, prefix, now);
        jobs.createJob(jobId, attributes, now, now.plus(config.jobTtl()));
        closeAndStart(jobId, objects);
        ObjectNode response = mapper.createObjectNode();
        response.put("jobId", jobId);
        response.put("status", "RUNNING");
        response.putArray("uploads");
        response.set("links", links(baseUrl, jobId));
        return response;
    }

    // ---------------------------------------------------------------- POST /jobs/{id}/start

    /** Checks every announced file arrived and is what it claims, closes the upload set and starts the workflow. */
    public ObjectNode start(String jobId, String baseUrl) {
        Job job = find(jobId);
        if (job.announcedFilesJson() == null) {
            throw ApiProblem.conflict("job " + jobId + " came in by the S3 drop (or with 'source') and started by itself");
        }
        if (job.executionStarted()) {
            throw ApiProblem.conflict("job " + jobId + " was started already (it is " + apiStatus(job) + "): follow it with GET /jobs/" + jobId);
        }
        if (job.status().isCollecting()) {
            List<MediaStore.StoredObject> arrived = checkArrivals(job);
            if (!jobs.closeUploads(jobId, 0, Map.of(JobAttributes.UPLOAD_SET, UploadSet.of(arrived).encoded(),
                    JobAttributes.MANIFEST_RECEIVED, true), clock.instant())) {
                throw ApiProblem.conflict("job " + jobId + " is being started by another request");
            }
        } else if (job.status().isFinal()) {
            throw ApiProblem.conflict("job " + jobId + " is already " + job.status());
        }
        // a start whose execution did not begin (the request died after closing the set) is finished here
        Job closed = find(jobId);
        executions.start(jobId, IntakeService.executionInput(closed, config.settings()));
        jobs.markExecutionStarted(jobId);
        LOG.atInfo().addKeyValue("jobId", jobId).log("api job started");
        ObjectNode response = mapper.createObjectNode();
        response.put("jobId", jobId);
        response.put("status", "RUNNING");
        response.set("links", links(baseUrl, jobId));
        return response;
    }

    private List<MediaStore.StoredObject> checkArrivals(Job job) {
        List<AnnouncedFile> announced = readAnnounced(job);
        Map<String, MediaStore.StoredObject> stored = new HashMap<>();
        for (MediaStore.StoredObject object : media.list(job.prefix())) {
            stored.put(object.key().substring(job.prefix().length()), object);
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        List<MediaStore.StoredObject> arrived = new ArrayList<>();
        for (AnnouncedFile file : announced) {
            MediaStore.StoredObject object = stored.get(file.name());
            if (object == null) {
                errors.add(new ApiProblem.FieldError(file.name(), "missing: not uploaded yet; PUT it to its upload URL"
                        + " (POST /jobs again for fresh links if they expired)"));
                continue;
            }
            if (object.size() != file.size()) {
                errors.add(new ApiProblem.FieldError(file.name(), "is " + object.size() + " bytes, announced " + file.size()));
                continue;
            }
            Optional<MediaFormat> detected = MediaPolicy.WORKFLOW.accept(media.readRange(object.key(), 0, MediaFormat.SNIFF_BYTES));
            String expected = CONTENT_TYPE_FORMATS.get(file.contentType());
            if (detected.isEmpty() || !sameFormat(detected.get().format(), expected)) {
                errors.add(new ApiProblem.FieldError(file.name(), "is not " + file.contentType() + ": its content is "
                        + detected.map(MediaFormat::format).orElse("no supported format") + " (" + MediaPolicy.WORKFLOW.supported() + ")"));
                continue;
            }
            arrived.add(object);
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors.size() + " of " + announced.size() + " announced files are missing or not what they claim:"
                    + " upload them again as announced, then start again", errors);
        }
        MediaStore.StoredObject manifest = stored.get(ValidationService.MANIFEST);
        if (manifest != null) {
            arrived.add(manifest);
        }
        return arrived;
    }

    private static boolean sameFormat(String detected, String expected) {
        return detected.equalsIgnoreCase(expected) || ("jpeg".equals(expected) && "jpg".equalsIgnoreCase(detected));
    }

    private void closeAndStart(String jobId, List<MediaStore.StoredObject> objects) {
        boolean manifest = objects.stream().anyMatch(o -> o.key().endsWith("/" + ValidationService.MANIFEST));
        jobs.closeUploads(jobId, 0, Map.of(JobAttributes.UPLOAD_SET, UploadSet.of(objects).encoded(),
                JobAttributes.MANIFEST_RECEIVED, manifest), clock.instant());
        executions.start(jobId, IntakeService.executionInput(find(jobId), config.settings()));
        jobs.markExecutionStarted(jobId);
    }

    // ---------------------------------------------------------------- POST /jobs/{id}/revisions

    /**
     * Revises a completed job: claims version N+1 on the job item (a conditional write: 409 while the job or a revision
     * runs), writes the revision item {@code <jobId>-r<N+1>} from the latest completed version (its session, renderer
     * and instructions) and starts the execution of the same name. A request that died after the claim is finished by
     * the next one (the item and the execution are created at most once).
     */
    public ObjectNode revise(String jobId, JsonNode body, String baseUrl) {
        RequestSchema.CREATE_REVISION.validate(body);
        String instruction = body.get("instruction").asText().strip();
        Job job = find(jobId);
        if (job.isRevision()) {
            throw ApiProblem.notFound("there is no job " + jobId + ": revise the job itself, POST /jobs/"
                    + job.rootJobId() + "/revisions");
        }
        if (job.status() == JobStatus.FAILED) {
            throw ApiProblem.conflict("job " + jobId + " failed (" + job.errorCode() + ") and has no video to revise:"
                    + " create a new job with POST /jobs");
        }
        if ("CREATED".equals(apiStatus(job))) {
            throw ApiProblem.conflict("job " + jobId + " was never started and has no video to revise: start it with POST /jobs/" + jobId
                    + "/start and revise it once it is COMPLETED, or create a new job with POST /jobs");
        }
        if (job.status() != JobStatus.COMPLETED) {
            throw ApiProblem.conflict("job " + jobId + " is still RUNNING and has no video to revise yet:"
                    + " wait until GET /jobs/" + jobId + " says COMPLETED, then revise it");
        }
        int version = claimNextVersion(job);
        Job revision = jobs.find(Revisions.revisionId(jobId, version)).orElseGet(() -> createRevision(job, version, instruction));
        executions.start(revision.jobId(), revisionInput(revision));
        jobs.markExecutionStarted(revision.jobId());
        LOG.atInfo().addKeyValue("jobId", jobId).addKeyValue("version", version).log("revision started");
        ObjectNode response = mapper.createObjectNode();
        response.put("jobId", jobId);
        response.put("version", version);
        response.put("status", "RUNNING");
        ObjectNode links = response.putObject("links");
        links.put("self", baseUrl + "/jobs/" + jobId);
        links.put("video", baseUrl + "/jobs/" + jobId + "/video?version=" + version);
        return response;
    }

    /**
     * The version this request makes: the next one, claimed by a conditional write. A running revision whose item is
     * final already (a crash between its outcome and the release) is ended first; one whose item or execution never
     * came to be (the request that claimed it died) is this request's to finish.
     */
    private int claimNextVersion(Job job) {
        // A claim younger than this may still be finished by the request that made it (the API function's timeout is 29 s).
        String jobId = job.jobId();
        Optional<Integer> running = job.runningVersion();
        if (running.isPresent()) {
            Optional<Job> item = jobs.find(Revisions.revisionId(jobId, running.get()));
            if (item.isEmpty() || !item.get().executionStarted()) {
                Instant claimed = job.updatedAt();
                if (claimed != null && claimed.plus(ABANDONED_CLAIM_AFTER).isAfter(clock.instant())) {
                    throw ApiProblem.conflict("job " + jobId + " is being revised by another request (version " + running.get()
                            + "): follow GET /jobs/" + jobId + ", then revise again once that version is COMPLETED or FAILED");
                }
                return running.get();
            }
            if (!item.get().status().isFinal()) {
                throw ApiProblem.conflict("job " + jobId + " is making version " + running.get() + " (it is " + item.get().status()
                        + "): wait until GET /jobs/" + jobId + " shows it COMPLETED or FAILED, then revise again");
            }
            Revisions.end(jobs, item.get());
        }
        int latest = job.latestVersion();
        if (latest >= Revisions.MAX_VERSIONS) {
            throw ApiProblem.conflict("job " + jobId + " has " + latest + " versions, the most a job keeps (" + Revisions.MAX_VERSIONS
                    + "): create a new job with POST /jobs to go on");
        }
        int version = latest + 1;
        if (!jobs.claimRevision(jobId, version, clock.instant())) {
            throw ApiProblem.conflict("job " + jobId + " is being revised by another request: follow GET /jobs/" + jobId
                    + ", then revise again once that version is COMPLETED or FAILED");
        }
        return version;
    }

    private Job createRevision(Job job, int version, String instruction) {
        int baseVersion = job.latestCompletedVersion();
        Job base = baseVersion <= 1 ? job : jobs.find(Revisions.revisionId(job.jobId(), baseVersion)).orElse(job);
        Map<String, Object> attributes = base.revisionBasis();
        if (job.callbackUrl() != null) {
            attributes.put(JobAttributes.CALLBACK_URL, job.callbackUrl());
        }
        List<String> history = new ArrayList<>(base.instructionHistory());
        history.add(Optional.ofNullable(base.instruction()).orElse(WorkflowConfig.DEFAULT_INSTRUCTION));
        List<String> plain = base.plainInstructions();
        attributes.put(JobAttributes.REVISION_OF, job.jobId());
        attributes.put(JobAttributes.VERSION, version);
        attributes.put(JobAttributes.INSTRUCTION, instruction);
        attributes.put(JobAttributes.USER_INSTRUCTION, instruction);
        attributes.put(JobAttributes.INSTRUCTION_HISTORY, Revisions.historyJson(history));
        attributes.put(JobAttributes.USER_INSTRUCTION_HISTORY, Revisions.historyJson(plain));
        Instant now = clock.instant();
        attributes.put(JobAttributes.CREATED_AT, Times.format(now));
        String revisionId = Revisions.revisionId(job.jobId(), version);
        jobs.createJob(revisionId, attributes, now, now.plus(config.jobTtl()));
        return jobs.markValidating(revisionId, now);
    }

    /** The execution input of a revision: the job's shape plus {@code revision}, the validation and (vendor) the session. */
    private String revisionInput(Job revision) {
        ObjectNode input = (ObjectNode) readTree(IntakeService.executionInput(revision, config.settings()));
        ObjectNode marker = input.putObject("revision");
        marker.put("jobId", revision.rootJobId());
        marker.put("version", revision.version());
        ObjectNode validation = input.putObject("validation");
        String renderer = Optional.ofNullable(revision.renderer()).orElse(JobManifest.RENDERER_NEMOVIDEO);
        validation.put("renderer", renderer);
        validation.put("fallback", revision.fallback());
        if (!JobManifest.RENDERER_FFMPEG.equals(renderer)) {
            ObjectNode vendor = input.putObject("vendor");
            vendor.put("sessionId", revision.sessionId());
            vendor.put("taskId", revision.taskId());
            vendor.put("renewals", 0);
        }
        return input.toString();
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the execution input", e);
        }
    }

    // ---------------------------------------------------------------- GET /jobs/{id}

    public ObjectNode view(String jobId, String baseUrl) {
        Job job = find(jobId);
        List<Job> revisions = revisions(job);
        // while a revision runs, the job's status, stage and progress are the revision's
        Optional<Job> running = revisions.stream().filter(r -> !r.status().isFinal()).reduce((a, b) -> b);
        Job current = running.orElse(job);
        ObjectNode view = mapper.createObjectNode();
        view.put("jobId", jobId);
        String status = running.isPresent() ? "RUNNING" : apiStatus(job);
        view.put("status", status);
        view.put("stage", "CREATED".equals(status) ? "CREATED" : current.status().name());
        int progress = store.raiseProgress(current.jobId(), progress(current, status));
        view.put("progress", progress);
        running.ifPresent(r -> view.put("version", r.version()));
        putText(view, "title", job.title());
        putTime(view, "createdAt", Optional.ofNullable(job.createdAt()).orElse(job.enteredAt(JobStatus.RECEIVED)));
        putTime(view, "updatedAt", current.updatedAt());
        ObjectNode stages = view.putObject("stages");
        for (JobStatus s : JobStatus.values()) {
            putTime(stages, s.name(), current.enteredAt(s));
        }
        eta(current, status).ifPresent(eta -> view.put("etaSeconds", eta));
        putText(view, "timeline", current.timelineSummary());
        // which backend made (or is making) the video, and why: the vendor's editor, or the ffmpeg fallback
        putText(view, "renderer", current.renderer());
        putText(view, "rendererReason", current.rendererReason());
        if (job.status() == JobStatus.FAILED) {
            view.set("error", error(job));
        }
        ArrayNode versions = view.putArray("versions");
        versions.add(version(job, 1, apiStatus(job), baseUrl));
        for (Job revision : revisions) {
            versions.add(version(revision, revision.version(), revision.status().isFinal() ? revision.status().name() : "RUNNING",
                    baseUrl));
        }
        view.set("links", links(baseUrl, jobId));
        return view;
    }

    private ObjectNode version(Job item, int number, String status, String baseUrl) {
        ObjectNode version = mapper.createObjectNode();
        version.put("version", number);
        version.put("status", status);
        putText(version, "instruction", item.isRevision() ? item.instruction()
                : Optional.ofNullable(item.userInstruction()).orElse(item.instruction()));
        if (item.status() == JobStatus.COMPLETED && item.videoKey() != null) {
            ObjectNode video = version.putObject("video");
            video.put("link", baseUrl + "/jobs/" + item.rootJobId() + "/video?version=" + number);
            Double duration = item.durationSeconds();
            if (duration != null) {
                video.put("durationSeconds", duration);
            }
            Long size = item.sizeBytes();
            if (size != null) {
                video.put("sizeBytes", size);
            }
        }
        if (item.isRevision() && item.status() == JobStatus.FAILED) {
            version.set("error", error(item));
        }
        return version;
    }

    private ObjectNode error(Job item) {
        ObjectNode error = mapper.createObjectNode();
        error.put("code", item.errorCode());
        error.put("message", item.errorMessage());
        return error;
    }

    /** The job's revision items, version 2 up to the latest claimed (at most {@link Revisions#MAX_VERSIONS}). */
    private List<Job> revisions(Job job) {
        List<Job> revisions = new ArrayList<>();
        int latest = Math.min(job.latestVersion(), Revisions.MAX_VERSIONS);
        for (int version = 2; version <= latest; version++) {
            jobs.find(Revisions.revisionId(job.jobId(), version)).ifPresent(revisions::add);
        }
        return revisions;
    }

    /** CREATED (announced, not started), RUNNING, COMPLETED or FAILED. */
    static String apiStatus(Job job) {
        if (job.status() == JobStatus.COMPLETED || job.status() == JobStatus.FAILED) {
            return job.status().name();
        }
        return job.executionStarted() || !job.status().isCollecting() ? "RUNNING" : "CREATED";
    }

    /** Progress by stage; within rendering, the vendor's render progress. The store keeps it from going down. */
    static int progress(Job job, String apiStatus) {
        if ("CREATED".equals(apiStatus)) {
            return 0;
        }
        long render = Math.max(0, Math.min(100, Optional.ofNullable(job.progress()).orElse(0L)));
        return switch (job.status()) {
            case RECEIVED -> 1;
            case WAITING_FOR_UPLOADS -> 2;
            case VALIDATING -> 5;
            case UPLOADING -> 10;
            case EDITING -> 20;
            case RENDERING -> (int) (30 + render * 60 / 100);
            case STORING -> 92;
            case COMPLETED -> 100;
            default -> 0;
        };
    }

    /** Only while rendering with some progress reported: elapsed render time scaled to what is left. */
    private Optional<Long> eta(Job job, String apiStatus) {
        if (!"RUNNING".equals(apiStatus) || job.status() != JobStatus.RENDERING) {
            return Optional.empty();
        }
        Long render = job.progress();
        Instant renderingAt = job.enteredAt(JobStatus.RENDERING);
        if (render == null || render <= 0 || render >= 100 || renderingAt == null) {
            return Optional.empty();
        }
        long elapsed = Duration.between(renderingAt, clock.instant()).toSeconds();
        return Optional.of(Math.max(1, elapsed * (100 - render) / render));
    }

    // ---------------------------------------------------------------- GET /jobs/{id}/video

    /** A freshly signed, short-lived URL of the video of {@code version} (default: the latest completed). */
    public URI videoUrl(String jobId, Optional<String> version) {
        Job job = find(jobId);
        if (job.isRevision()) {
            throw ApiProblem.notFound("there is no job " + jobId + ": ask for GET /jobs/" + job.rootJobId()
                    + "/video?version=" + job.version());
        }
        if (version.isEmpty()) {
            int latest = job.latestCompletedVersion();
            Job item = latest <= 1 ? job : jobs.find(Revisions.revisionId(jobId, latest)).orElse(job);
            String key = item.videoKey();
            if (item.status() != JobStatus.COMPLETED || key == null) {
                throw ApiProblem.conflict("job " + jobId + " has no video yet (it is " + apiStatus(job) + "): follow GET /jobs/" + jobId
                        + " until it is COMPLETED");
            }
            return media.presignGet(key, VIDEO_LINK_EXPIRY);
        }
        int number;
        try {
            number = Integer.parseInt(version.get().strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.invalid("version '" + version.get() + "' is not a whole number: ask for ?version=1 up to the latest"
                    + " in GET /jobs/" + jobId, List.of(new ApiProblem.FieldError("version", "not a whole number")));
        }
        int latest = job.latestVersion();
        Optional<Job> item = number == 1 ? Optional.of(job)
                : number >= 2 && number <= latest ? jobs.find(Revisions.revisionId(jobId, number)) : Optional.empty();
        if (item.isEmpty()) {
            throw ApiProblem.notFound("job " + jobId + " has no version " + number + " (versions: 1 to " + latest + ")");
        }
        String key = item.get().videoKey();
        if (item.get().status() != JobStatus.COMPLETED || key == null) {
            throw ApiProblem.notFound("version " + number + " of job " + jobId + " has no video"
                    + (item.get().status() == JobStatus.FAILED ? ": it failed (see its error in GET /jobs/" + jobId + ")"
                    : " yet: follow GET /jobs/" + jobId + " until it is COMPLETED"));
        }
        return media.presignGet(key, VIDEO_LINK_EXPIRY);
    }

    // ---------------------------------------------------------------- GET /jobs

    public ObjectNode list(Optional<String> status, Optional<String> limitText, Optional<String> next, String baseUrl) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Optional<ApiStore.StatusFilter> filter = Optional.empty();
        if (status.isPresent()) {
            try {
                filter = Optional.of(ApiStore.StatusFilter.valueOf(status.get().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new ApiProblem.FieldError("status", "'" + status.get() + "' is not one of CREATED, RUNNING, COMPLETED, FAILED"));
            }
        }
        int limit = DEFAULT_LIMIT;
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.add(new ApiProblem.FieldError("limit", "'" + limitText.get() + "' is not a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("the query parameters are invalid", errors);
        }
        String filterName = filter.map(Enum::name).orElse("");
        Optional<Map<String, String>> start = next.map(n -> Cursor.decode(n, filterName, store.cursorKey()));
        ApiStore.Page page = store.listJobs(filter, limit, start);
        ObjectNode response = mapper.createObjectNode();
        ArrayNode items = response.putArray("jobs");
        for (ApiStore.ListedJob job : page.jobs()) {
            ObjectNode item = items.addObject();
            item.put("jobId", job.jobId());
            item.put("status", listedStatus(job));
            item.put("createdAt", job.createdAt());
            item.putObject("links").put("self", baseUrl + "/jobs/" + job.jobId());
        }
        page.lastKey().ifPresent(k -> response.put("next", Cursor.encode(k, filterName, store.cursorKey())));
        return response;
    }

    private static String listedStatus(ApiStore.ListedJob job) {
        if ("COMPLETED".equals(job.status()) || "FAILED".equals(job.status())) {
            return job.status();
        }
        boolean collecting = JobStatus.RECEIVED.name().equals(job.status()) || JobStatus.WAITING_FOR_UPLOADS.name().equals(job.status());
        return job.executionStarted() || !collecting ? "RUNNING" : "CREATED";
    }

    // ---------------------------------------------------------------- helpers

    private Job find(String jobId) {
        return jobs.find(jobId).orElseThrow(() -> ApiProblem.notFound("there is no job " + jobId + ": list your jobs with GET /jobs"));
    }

    private Map<String, Object> jobAttributes(String caller, String prefix, String name, Instant now) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(JobAttributes.JOB_NAME, name);
        attributes.put(JobAttributes.BUCKET, config.mediaBucket());
        attributes.put(JobAttributes.PREFIX, prefix);
        attributes.put(JobAttributes.GENERATION, 1);
        attributes.put(LIST_KEY, LIST_KEY_VALUE);
        attributes.put(JobAttributes.CREATED_AT, Times.format(now));
        if (caller != null) {
            attributes.put(CALLER, caller);
        }
        return attributes;
    }

    private ObjectNode links(String baseUrl, String jobId) {
        ObjectNode links = mapper.createObjectNode();
        links.put("self", baseUrl + "/jobs/" + jobId);
        links.put("start", baseUrl + "/jobs/" + jobId + "/start");
        links.put("video", baseUrl + "/jobs/" + jobId + "/video");
        return links;
    }

    private List<AnnouncedFile> announcedFiles(JsonNode body) {
        List<AnnouncedFile> files = new ArrayList<>();
        for (JsonNode file : body.path("files")) {
            files.add(new AnnouncedFile(file.path("name").asText(), file.path("contentType").asText(), file.path("size").asLong()));
        }
        return files;
    }

    private void checkAnnouncement(List<AnnouncedFile> files, JsonNode body) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int images = 0;
        int music = 0;
        for (int i = 0; i < files.size(); i++) {
            AnnouncedFile file = files.get(i);
            String field = "files[" + i + "]";
            if (!names.add(file.name())) {
                errors.add(new ApiProblem.FieldError(field + ".name", "'" + file.name() + "' is announced twice"));
            }
            if (file.name().equals(ValidationService.MANIFEST) || file.name().equals(".") || file.name().equals("..")) {
                errors.add(new ApiProblem.FieldError(field + ".name", "'" + file.name() + "' is reserved: the settings go in the body"));
            }
            if (file.size() > config.maxFileBytes()) {
                errors.add(new ApiProblem.FieldError(field + ".size", file.size() + " bytes is above the limit of " + config.maxFileBytes()));
            }
            if (file.kind() == InputFile.Kind.IMAGE) {
                images++;
            } else {
                music++;
            }
        }
        if (images == 0) {
            errors.add(new ApiProblem.FieldError("files", "no image: announce at least one image"));
        }
        if (images > config.maxImages()) {
            errors.add(new ApiProblem.FieldError("files", images + " images; at most " + config.maxImages() + " per job"));
        }
        if (music > 1) {
            errors.add(new ApiProblem.FieldError("files", music + " audio files; at most one is used as background music"));
        }
        for (JsonNode name : body.path("order")) {
            if (!names.contains(name.asText())) {
                errors.add(new ApiProblem.FieldError("order", "'" + name.asText() + "' is not an announced file"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("the announced files cannot make a job: fix the fields listed in errors", errors);
        }
    }

    private void writeManifest(String prefix, JsonNode body) {
        ObjectNode manifest = mapper.createObjectNode();
        body.fields().forEachRemaining(e -> {
            if (MANIFEST_FIELDS.contains(e.getKey())) {
                manifest.set(e.getKey(), e.getValue());
            }
        });
        byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        try {
            media.write(prefix + ValidationService.MANIFEST, new ByteArrayInputStream(bytes), "application/json", Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + prefix + ValidationService.MANIFEST, e);
        }
    }

    private String toJson(List<AnnouncedFile> files) {
        try {
            return mapper.writeValueAsString(files);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the announced files", e);
        }
    }

    private List<AnnouncedFile> readAnnounced(Job job) {
        try {
            return List.of(mapper.readValue(job.announcedFilesJson(), AnnouncedFile[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("job " + job.jobId() + " has an unreadable " + JobAttributes.ANNOUNCED_FILES + " attribute", e);
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** A timestamp as stored (see {@link Times}). */
    private static void putTime(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, Times.format(value));
        }
    }
}
