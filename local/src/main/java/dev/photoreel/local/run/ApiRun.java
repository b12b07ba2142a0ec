package dev.photoreel.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.LocalApiGateway;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.SamTemplate;
import dev.photoreel.workflow.Poll;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * {@code photoreel run --api}: the same job as {@code run}, driven through the jobs API over HTTP instead of the S3
 * drop: POST /jobs announcing the folder's files, a PUT of each file to its presigned URL, POST start, GET the job
 * until it is done, then the video through its stable /video link. Requests are signed with the local credentials
 * (SigV4, execute-api), or carry the local API key when the template is in API-key mode.
 */
final class ApiRun {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Map<String, String> CONTENT_TYPES = Map.of("jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png",
            "webp", "image/webp", "gif", "image/gif", "mp3", "audio/mpeg", "wav", "audio/wav", "m4a", "audio/mp4", "aac", "audio/aac");
    private static final Set<String> RESTRICTED = Set.of("host", "content-length");

    private final URI apiUrl;
    private final boolean apiKey;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    ApiRun(PhotoreelStack stack, PrintStream out) {
        this(stack.apiUrl(), "api_key".equals(stack.apiSecurity()), out);
    }

    /** Against the jobs API at {@code apiUrl} (a running local stack), with the local API key or SigV4 with the local credentials. */
    ApiRun(URI apiUrl, boolean apiKey, PrintStream out) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.out = out;
    }

    int run(RunCommand.Arguments args, Duration limit) throws IOException, InterruptedException {
        ObjectNode body = Files.isRegularFile(args.folder().resolve("job.json"))
                ? (ObjectNode) JSON.readTree(args.folder().resolve("job.json").toFile()) : JSON.createObjectNode();
        if (args.instruction() != null) {
            body.put("instruction", args.instruction());
        }
        if (args.aspect() != null) {
            body.put("aspectRatio", args.aspect());
        }
        if (args.renderer() != null) {
            body.put("renderer", args.renderer());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(args.folder())) {
            files = list.filter(Files::isRegularFile).filter(f -> CONTENT_TYPES.containsKey(extension(f))).sorted().toList();
        }
        var announced = body.putArray("files");
        for (Path file : files) {
            announced.addObject().put("name", file.getFileName().toString()).put("contentType", CONTENT_TYPES.get(extension(file)))
                    .put("size", Files.size(file));
        }
        out.println("POST " + apiUrl + "/jobs (" + files.size() + " files announced)");
        HttpResponse<String> created = send("POST", "/jobs", body.toString());
        if (created.statusCode() != 201) {
            out.println("The API refused the job (" + created.statusCode() + "): " + created.body());
            return 1;
        }
        JsonNode job = JSON.readTree(created.body());
        String jobId = job.path("jobId").asText();
        for (JsonNode upload : job.path("uploads")) {
            Path file = args.folder().resolve(upload.path("name").asText());
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("url").asText())).PUT(HttpRequest.BodyPublishers.ofFile(file));
            upload.path("headers").fields().forEachRemaining(h -> {
                if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    put.header(h.getKey(), h.getValue().asText());
                }
            });
            int status = http.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200) {
                out.println("PUT " + file.getFileName() + " answered " + status);
                return 1;
            }
        }
        out.println("Uploaded " + job.path("uploads").size() + " files through presigned PUT URLs; POST /jobs/" + jobId + "/start");
        HttpResponse<String> started = send("POST", "/jobs/" + jobId + "/start", null);
        if (started.statusCode() != 202) {
            out.println("The API did not start the job (" + started.statusCode() + "): " + started.body());
            return 1;
        }
        Optional<JsonNode> followed = follow(jobId, view -> finalStatus(view.path("status").asText()), limit);
        if (followed.isEmpty()) {
            return 1;
        }
        JsonNode view = followed.get();
        if (view.path("status").asText().equals("FAILED")) {
            out.println("The job failed (" + view.path("error").path("code").asText() + "): " + view.path("error").path("message").asText());
            return 1;
        }
        save(view, view.path("versions").path(0), args.out());
        return 0;
    }

    /**
     * {@code photoreel revise}: POST /jobs/{id}/revisions, follow the job until the new version is final, save its MP4 to
     * {@code target} (given the version). Returns the version made (empty when it was refused or did not complete).
     */
    Optional<Integer> revise(String jobId, String instruction, java.util.function.IntFunction<Path> target, Duration limit)
            throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("instruction", instruction).toString();
        out.println("POST " + apiUrl + "/jobs/" + jobId + "/revisions");
        HttpResponse<String> revised = send("POST", "/jobs/" + jobId + "/revisions", body);
        if (revised.statusCode() != 202) {
            out.println("The API refused the revision (" + revised.statusCode() + "): " + revised.body());
            return Optional.empty();
        }
        int version = JSON.readTree(revised.body()).path("version").asInt();
        out.println("Making version " + version + " (execution " + jobId + "-r" + version + ")");
        Optional<JsonNode> followed = follow(jobId, view -> finalStatus(view.path("versions").path(version - 1).path("status").asText()), limit);
        if (followed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode entry = followed.get().path("versions").path(version - 1);
        if (entry.path("status").asText().equals("FAILED")) {
            out.println("Version " + version + " failed (" + entry.path("error").path("code").asText() + "): "
                    + entry.path("error").path("message").asText() + " The earlier versions are kept.");
            return Optional.empty();
        }
        save(followed.get(), entry, target.apply(version));
        return Optional.of(version);
    }

    private static boolean finalStatus(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED");
    }

    /** GETs the job once a second, printing each new stage and progress, until {@code done} or {@code limit}. */
    private Optional<JsonNode> follow(String jobId, Predicate<JsonNode> done, Duration limit) throws IOException, InterruptedException {
        long begin = System.nanoTime();
        String[] lastLine = {""};
        Optional<JsonNode> finished = Poll.until(limit, Duration.ofSeconds(1), () -> {
            JsonNode view = jobView(jobId);
            String line = view.path("stage").asText().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + view.path("progress").asInt() + "%"
                    + (view.has("etaSeconds") ? " (about " + view.path("etaSeconds").asLong() + " s left)" : "");
            if (!line.equals(lastLine[0])) {
                out.printf("[%6.1fs] %s%n", (System.nanoTime() - begin) / 1e9, line);
                lastLine[0] = line;
            }
            return done.test(view) ? Optional.of(view) : Optional.<JsonNode>empty();
        });
        if (finished.isEmpty()) {
            out.println("Gave up after " + limit.toMinutes() + " minutes.");
        }
        return finished;
    }

    /** Follows a version's stable link to its MP4 and writes it to {@code target}. */
    private void save(JsonNode view, JsonNode version, Path target) throws IOException, InterruptedException {
        String link = version.path("video").path("link").asText();
        HttpResponse<String> redirect = send("GET", link.substring(apiUrl.toString().length()), null);
        String location = redirect.headers().firstValue("Location").orElseThrow(() -> new IOException("the video link did not redirect: "
                + redirect.statusCode() + " " + redirect.body()));
        Path file = target.toAbsolutePath();
        Files.createDirectories(file.getParent());
        http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        out.println();
        out.println("Video: " + file + " (version " + version.path("version").asInt() + ", "
                + version.path("video").path("sizeBytes").asLong() + " bytes)");
        if (view.hasNonNull("timeline")) {
            out.println(view.path("timeline").asText());
        }
        out.println("Stable link (" + redirect.statusCode() + " to a fresh signed URL on every GET): " + link);
    }

    private JsonNode jobView(String jobId) {
        try {
            return JSON.readTree(send("GET", "/jobs/" + jobId, null).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading job " + jobId, e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        URI uri = URI.create(apiUrl + path);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        SdkHttpRequest toSend = request.build();
        if (apiKey) {
            toSend = toSend.toBuilder().putHeader("x-api-key", LocalApiGateway.LOCAL_API_KEY).build();
        } else {
            SdkHttpRequest unsigned = toSend;
            toSend = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))
                    .request(unsigned).payload(ContentStreamProvider.fromByteArray(bytes))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, SamTemplate.REGION)).request();
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        toSend.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return this.http.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
