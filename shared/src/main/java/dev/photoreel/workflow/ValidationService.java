package dev.photoreel.workflow;

import dev.photoreel.workflow.exceptions.JobStateConflictException;
import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.media.ImageHeader;
import dev.photoreel.media.MediaFormat;
import dev.photoreel.media.MediaPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a job's uploads (the objects of its closed {@link UploadSet}: a file added or overwritten after the
 * set closed belongs to the folder's next job) before any vendor call: formats by magic bytes (a ranged GET of the first
 * bytes), sizes, counts, {@code job.json}. Records the ordered inputs and the vendor instruction on
 * the job. Reads only: inputs are never modified or deleted.
 */
public final class ValidationService {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationService.class);
    public static final String MANIFEST = "job.json";
    static final int MAX_MANIFEST_BYTES = 64 * 1024;
    private static final int MAX_PROBLEMS_SHOWN = 10;

    private final RendererConfig renderers;
    private final JobRepository jobs;
    private final MediaStore media;
    private final WorkflowConfig config;
    private final Clock clock;

    public ValidationService(JobRepository jobs, MediaStore media, WorkflowConfig config, RendererConfig renderers, Clock clock) {
        this.renderers = renderers;
        this.jobs = jobs;
        this.media = media;
        this.config = config;
        this.clock = clock;
    }

    /** The result of Validate Job ({@code $.validation}). */
    public record ValidationResult(int images, boolean music, String renderer, boolean fallback) {
        /** Backend fields at their defaults (the vendor, with the fallback on). */
        public ValidationResult(int images, boolean music) {
            this(images, music, JobManifest.RENDERER_NEMOVIDEO, true);
        }
    }

    public ValidationResult validate(String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> new JobStateConflictException("job " + jobId + " does not exist"));
        String prefix = job.prefix();
        UploadSet uploadSet = job.uploadSet();
        List<MediaStore.StoredObject> objects = media.list(prefix).stream()
                .filter(o -> !o.key().endsWith("/"))
                .filter(o -> uploadSet.size() == 0 || uploadSet.contains(o))
                .toList();
        Optional<MediaStore.StoredObject> manifestObject = objects.stream()
                .filter(o -> o.key().equals(prefix + MANIFEST)).findFirst();
        JobManifest manifest = manifestObject.map(this::readManifest).orElse(JobManifest.DEFAULTS);

        List<String> problems = new ArrayList<>();
        List<InputFile> images = new ArrayList<>();
        List<InputFile> audio = new ArrayList<>();
        for (MediaStore.StoredObject object : objects) {
            if (manifestObject.isPresent() && object.key().equals(manifestObject.get().key())) {
                continue;
            }
            String name = object.key().substring(prefix.length());
            checkFile(object, name, problems).ifPresent(file -> (file.kind() == InputFile.Kind.IMAGE ? images : audio).add(file));
        }
        if (!problems.isEmpty()) {
            throw new JobValidationException(summarize(problems) + " Supported formats: " + MediaPolicy.WORKFLOW.supported() + ".");
        }
        if (images.isEmpty()) {
            throw new JobValidationException("no image found under " + prefix + "; upload at least one image ("
                    + MediaPolicy.WORKFLOW.supported() + ")");
        }
        if (images.size() > config.maxImages()) {
            throw new JobValidationException(images.size() + " images under " + prefix + "; at most "
                    + config.maxImages() + " images per job (MAX_IMAGES): split them into several folders");
        }
        if (audio.size() > 1) {
            throw new JobValidationException(audio.size() + " audio files under " + prefix + " ("
                    + audio.stream().map(InputFile::name).collect(Collectors.joining(", "))
                    + "); at most one audio file is used as background music: remove the others");
        }
        List<InputFile> ordered = order(images, manifest.order(), prefix);
        ordered.addAll(audio);

        String renderer = manifest.renderer() != null ? manifest.renderer() : renderers.defaultRenderer();
        boolean fallback = manifest.fallback() == null || manifest.fallback();
        String rendererReason = !JobManifest.RENDERER_FFMPEG.equals(renderer) ? null
                : manifest.renderer() != null ? "job.json asks for renderer ffmpeg"
                : "the deployment's default renderer (DefaultRenderer) is ffmpeg";
        jobs.recordValidation(jobId, new JobRepository.Validation(ordered, images.size(), !audio.isEmpty(),
                manifest.vendorInstruction(ordered), manifest.language(), manifest.title(), renderer, fallback, rendererReason,
                manifest.aspectRatio(), manifest.secondsPerImage(), manifest.hasOwnInstruction() ? manifest.instruction() : null,
                manifest.callbackUrl()), clock.instant());
        LOG.atInfo().addKeyValue("images", images.size()).addKeyValue("music", !audio.isEmpty())
                .addKeyValue("renderer", renderer).addKeyValue("fallback", fallback).log("job validated");
        return new ValidationResult(images.size(), !audio.isEmpty(), renderer, fallback);
    }

    private JobManifest readManifest(MediaStore.StoredObject object) {
        if (object.size() > MAX_MANIFEST_BYTES) {
            throw new JobValidationException(MANIFEST + " is " + object.size() + " bytes; allowed: at most "
                    + MAX_MANIFEST_BYTES + " bytes of JSON settings");
        }
        try {
            byte[] bytes = media.readSmall(object.key(), MAX_MANIFEST_BYTES);
            return JobManifest.parse(MANIFEST, new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + object.key(), e);
        }
    }

    private Optional<InputFile> checkFile(MediaStore.StoredObject object, String name, List<String> problems) {
        if (object.size() == 0) {
            problems.add("'" + name + "' is empty");
            return Optional.empty();
        }
        if (object.size() > config.maxFileBytes()) {
            problems.add("'" + name + "' is " + object.size() + " bytes; the limit is " + config.maxFileBytes()
                    + " bytes per file (MAX_FILE_BYTES)");
            return Optional.empty();
        }
        byte[] head = media.readRange(object.key(), 0, ImageHeader.FIRST_READ_BYTES);
        Optional<MediaFormat> detected = MediaPolicy.WORKFLOW.accept(head);
        if (detected.isEmpty()) {
            problems.add("'" + name + "' is not a supported image or audio file (its content matches none of the"
                    + " supported formats, whatever its name says)");
            return Optional.empty();
        }
        InputFile.Kind kind = InputFile.Kind.valueOf(detected.get().kind().name());
        if (kind == InputFile.Kind.IMAGE && !checkImageSize(object.key(), name, detected.get().format(), head, problems)) {
            return Optional.empty();
        }
        return Optional.of(new InputFile(object.key(), name, kind, detected.get().format(), object.size()));
    }

    /**
     * Refuses an image whose headers claim more pixels than {@code MAX_IMAGE_PIXELS} (or a GIF with more
     * frames than {@code MAX_GIF_FRAMES}) before any vendor call or render decodes it. Reads headers
     * only, by ranged reads within a byte budget.
     */
    private boolean checkImageSize(String key, String name, String format, byte[] head, List<String> problems) {
        ImageHeader.Dimensions size;
        try {
            size = ImageHeader.read(format, head, (offset, length) -> media.readRange(key, offset, length));
        } catch (ImageHeader.UnreadableHeaderException e) {
            problems.add("'" + name + "' is a " + format + " file whose size cannot be read from its header (" + e.getMessage()
                    + "); re-save it with an image editor");
            return false;
        }
        if (size.width() == 0 || size.height() == 0) {
            problems.add("'" + name + "' declares an empty image (" + size.width() + "x" + size.height() + "); re-save it with an image editor");
            return false;
        }
        if (size.pixels() > config.maxImagePixels()) {
            problems.add("'" + name + "' is " + size.width() + "x" + size.height() + " pixels (" + megapixels(size.pixels())
                    + "); the limit is " + megapixels(config.maxImagePixels()) + " per image (MAX_IMAGE_PIXELS): scale it down");
            return false;
        }
        if (size.frames() > config.maxGifFrames()) {
            problems.add("'" + name + "' is an animated GIF of " + (size.framesCounted() ? "" : "at least ") + size.frames()
                    + " frames; the limit is " + config.maxGifFrames() + " frames (MAX_GIF_FRAMES): use a still image or a shorter animation");
            return false;
        }
        if (!size.framesCounted()) {
            LOG.atInfo().addKeyValue("file", name).addKeyValue("framesCounted", size.frames())
                    .log("GIF frame count stopped at the read budget below the limit");
        }
        return true;
    }

    private static String megapixels(long pixels) {
        return String.format(java.util.Locale.ROOT, "%.1f megapixels", pixels / 1_000_000.0);
    }

    /**
     * The images in {@code job.json}'s order, then the rest by name. Names are compared in Unicode NFC,
     * so an {@code order} typed on one system matches a file uploaded from another (macOS file names
     * arrive decomposed: {@code u} + combining diaeresis rather than {@code ü}).
     */
    private static List<InputFile> order(List<InputFile> images, List<String> requested, String prefix) {
        List<String> order = requested.stream().map(ValidationService::nfc).toList();
        Map<String, InputFile> byName = images.stream().collect(Collectors.toMap(i -> nfc(i.name()), Function.identity(), (a, b) -> a));
        List<String> missing = order.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new JobValidationException(MANIFEST + ": field 'order' names " + missing.stream()
                    .map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                    + ", not among the images under " + prefix + "; allowed values: "
                    + byName.keySet().stream().sorted().limit(20).collect(Collectors.joining(", ")));
        }
        List<InputFile> ordered = new ArrayList<>();
        order.forEach(n -> ordered.add(byName.get(n)));
        images.stream()
                .filter(i -> !ordered.contains(i))
                .sorted(Comparator.comparing(InputFile::name, String.CASE_INSENSITIVE_ORDER).thenComparing(InputFile::name))
                .forEach(ordered::add);
        return ordered;
    }

    private static String nfc(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC);
    }

    private static String summarize(List<String> problems) {
        String shown = problems.stream().limit(MAX_PROBLEMS_SHOWN).collect(Collectors.joining("; "));
        int more = problems.size() - MAX_PROBLEMS_SHOWN;
        return shown + (more > 0 ? "; and " + more + " more problems" : "") + ".";
    }
}
