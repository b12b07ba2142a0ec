package dev.photoreel.local.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a folder of photos (and optional music) under {@code uploads/<name>/}: the media first, then a
 * {@code job.json} carrying the instruction and aspect ratio (merged into the folder's own job.json, if any),
 * since the manifest's arrival is what starts the job.
 */
public final class FolderUpload {

    private static final ObjectMapper JSON = Json.MAPPER;

    private FolderUpload() {
    }

    /** The folder's name made safe for an S3 prefix. */
    public static String jobName(Path folder) {
        String name = folder.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-").replaceAll("(^-+|-+$)", "");
        return name.isEmpty() ? "photos" : name;
    }

    /**
     * The files of the folder that are uploaded, sorted (not job.json, which {@link #upload} writes last, nor hidden
     * files); an empty folder is refused, saying what to put in it.
     */
    static List<Path> files(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equals("job.json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No files in " + folder + ": put the photos (jpg, png, webp, gif) and optionally one "
                    + "music file (mp3, wav, m4a, aac) in it");
        }
        return files;
    }

    /** Uploads the folder; returns the prefix it used and the files uploaded (job.json last). */
    public static List<String> upload(S3Client s3, String bucket, Path folder, String prefix, String instruction, String aspectRatio)
            throws IOException {
        return upload(s3, bucket, folder, prefix, instruction, aspectRatio, null);
    }

    /** As above, also setting job.json's {@code renderer} when it is not null. */
    static List<String> upload(S3Client s3, String bucket, Path folder, String prefix, String instruction, String aspectRatio,
                               String renderer) throws IOException {
        List<Path> files = files(folder);
        java.util.ArrayList<String> keys = new java.util.ArrayList<>();
        for (Path file : files) {
            String key = prefix + file.getFileName();
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            keys.add(key);
        }
        ObjectNode manifest = Files.isRegularFile(folder.resolve("job.json"))
                ? (ObjectNode) JSON.readTree(folder.resolve("job.json").toFile()) : JSON.createObjectNode();
        if (instruction != null) {
            manifest.put("instruction", instruction);
        }
        if (aspectRatio != null) {
            manifest.put("aspectRatio", aspectRatio);
        }
        if (renderer != null) {
            manifest.put("renderer", renderer);
        }
        String manifestKey = prefix + "job.json";
        s3.putObject(b -> b.bucket(bucket).key(manifestKey).contentType("application/json"),
                RequestBody.fromBytes(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest)));
        keys.add(manifestKey);
        return keys;
    }
}
