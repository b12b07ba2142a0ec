package dev.photoreel.local.bench;

import dev.photoreel.nemo.FileUpload;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.NemoHttpClient;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.VendorSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The vendor calls a job needs, made directly with {@link NemoHttpClient} and nothing else: mint a token, create a
 * session, upload the files, stream the instruction, check the draft, export, poll at the stack's interval, download
 * the MP4. What the local stack adds on top of this is photoreel's orchestration.
 */
final class BareSequence {

    private static final HttpClient DOWNLOADS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI vendor;
    private final Map<String, String> environment;
    private final Duration draftCheckInterval;
    private final Duration pollInterval;

    /** {@code environment}: the stack's handler environment (the template's), for the vendor client's settings. */
    BareSequence(URI vendor, Map<String, String> environment, Duration draftCheckInterval, Duration pollInterval) {
        this.vendor = vendor;
        this.environment = Map.copyOf(environment);
        this.draftCheckInterval = draftCheckInterval;
        this.pollInterval = pollInterval;
    }

    /** One run: the seconds from the first call to the downloaded MP4, and how long each phase took (in call order). */
    record Run(double seconds, Map<String, Double> phases) {
    }

    /** Runs the sequence once for {@code folder}. */
    Run run(Path folder, String instruction) throws IOException, InterruptedException {
        Phases phases = new Phases();
        Map<String, String> variables = new java.util.HashMap<>(environment);
        variables.put("NEMO_API_BASE", vendor.toString());
        variables.put("NEMO_CLIENT_ID", UUID.randomUUID().toString());
        NemoClientConfig config = NemoClientConfig.fromMap(variables);
        NemoHttpClient minter = new NemoHttpClient(config, null);
        String token = minter.mintAnonymousToken().token();
        NemoHttpClient client = new NemoHttpClient(config, new TokenSource() {
            @Override
            public String currentToken() {
                return token;
            }

            @Override
            public String renewAfterRejection(String rejectedToken) {
                throw new IllegalStateException("the emulator rejected a fresh token");
            }
        });
        phases.done("token");
        VendorSession session = client.createSession("bench", "en");
        phases.done("session");
        client.uploadFiles(session.sessionId(), files(folder));
        phases.done("uploads");
        client.runInstruction(session.sessionId(), instruction, Instant.now().plus(Duration.ofMinutes(10)), StreamListener.NONE);
        phases.done("instruction stream");
        SessionState state = client.sessionState(session.sessionId());
        while (!state.hasExportableDraft()) {
            LockSupport.parkNanos(draftCheckInterval.toNanos());
            state = client.sessionState(session.sessionId());
        }
        phases.done("draft check");
        String renderId = "render_" + System.currentTimeMillis();
        client.submitRender(renderId, session.sessionId(), state.draft());
        phases.done("export");
        RenderStatus status;
        do {
            LockSupport.parkNanos(pollInterval.toNanos());
            status = client.pollRender(renderId);
            if (status.isFailed()) {
                throw new IllegalStateException("the bare sequence's render failed: " + status.error());
            }
        } while (!status.isComplete());
        phases.done("render polls");
        URI video = status.outputUrl() != null ? URI.create(status.outputUrl()) : client.downloadUrl(renderId);
        HttpResponse<byte[]> mp4 = DOWNLOADS.send(HttpRequest.newBuilder(video).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (mp4.statusCode() != 200 || mp4.body().length == 0) {
            throw new IllegalStateException("the bare sequence's download answered HTTP " + mp4.statusCode());
        }
        phases.done("download");
        return new Run(phases.total(), phases.seconds);
    }

    /** Seconds per phase, each from the end of the one before. */
    private static final class Phases {
        private final long started = System.nanoTime();
        private long last = started;
        private final Map<String, Double> seconds = new LinkedHashMap<>();

        void done(String phase) {
            long now = System.nanoTime();
            seconds.put(phase, (now - last) / 1e9);
            last = now;
        }

        double total() {
            return (last - started) / 1e9;
        }
    }

    private static List<FileUpload> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equals("job.json")).sorted()
                    .map(BareSequence::upload).toList();
        }
    }

    private static FileUpload upload(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String type = lower.endsWith(".png") ? "image/png" : lower.endsWith(".mp3") ? "audio/mpeg" : lower.endsWith(".wav") ? "audio/wav"
                : lower.endsWith(".webp") ? "image/webp" : lower.endsWith(".gif") ? "image/gif" : "image/jpeg";
        try {
            return new FileUpload(name, type, Files.size(file), () -> Files.newInputStream(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
