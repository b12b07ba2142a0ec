package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.FileUpload;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.NemoHttpClient;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.VendorSession;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RgbFrame;
import dev.photoreel.workflow.Poll;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with the real render engine: token → session → upload → instruction → state →
 * export → poll → download, then the MP4 is probed (H.264, the draft's size, a duration) and its
 * frames show the uploaded solid-colour images.
 */
class NemoClientAgainstEmulatorIT {

    private final MediaProbe probe = new MediaProbe();
    private NemoEmulator emulator;
    private NemoHttpClient client;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        emulator = NemoEmulator.start(EmulatorOptions.builder().dataDir(tmp.resolve("emulator"))
                .sseEventDelay(Duration.ofMillis(5)).build());
        NemoClientConfig config = dev.photoreel.workflow.testing.TestEnvironment.nemo(emulator.baseUri(), UUID.randomUUID().toString())
                .withSkillPlatform("local");
        client = new NemoHttpClient(config, new MintingTokenSource(config));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static FileUpload file(String name, byte[] bytes) {
        return new FileUpload(name, "application/octet-stream", bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    private RenderStatus pollUntilFinished(String renderId) {
        RenderStatus[] last = new RenderStatus[1];
        return Poll.until(Duration.ofMinutes(4), Duration.ofMillis(250), () -> {
            last[0] = client.pollRender(renderId);
            return Optional.of(last[0]).filter(s -> s.isComplete() || s.isFailed());
        }).orElseThrow(() -> new AssertionError("render " + renderId + " did not finish; last poll " + last[0]));
    }

    private Path download(String url, Path target) throws Exception {
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(target));
        assertEquals(200, response.statusCode());
        return target;
    }

    private static void assertColour(RgbFrame frame, int x, int y, Color expected, String what) {
        double[] rgb = frame.average(x, y, 8);
        double distance = Math.abs(rgb[0] - expected.getRed()) + Math.abs(rgb[1] - expected.getGreen())
                + Math.abs(rgb[2] - expected.getBlue());
        assertTrue(distance < 90, what + ": expected about " + expected + ", got " + Arrays.toString(rgb));
    }

    @Test
    void fullPath_rendersAPlayableMp4ThatShowsTheUploadedImages() throws Exception {
        VendorSession session = client.createSession("project", "en");
        client.uploadFiles(session.sessionId(), List.of(
                file("red.jpg", TestMedia.jpeg(640, 480, Color.RED)),
                file("green.png", TestMedia.png(480, 640, Color.GREEN)),
                file("blue.jpg", TestMedia.jpeg(800, 450, Color.BLUE)),
                file("music.wav", TestMedia.wav(4))));
        InstructionResult said = client.runInstruction(session.sessionId(),
                "Make a 16:9 slideshow titled \"Colours\", 3 seconds per image, with crossfades",
                Instant.now().plusSeconds(60), StreamListener.NONE);
        assertEquals(InstructionResult.StreamEnd.CLOSED_BY_SERVER, said.end());
        SessionState state = client.sessionState(session.sessionId());
        assertTrue(state.hasExportableDraft(), state.draft().summary());

        String renderId = "render_" + System.currentTimeMillis();
        client.submitRender(renderId, session.sessionId(), state.draft());
        RenderStatus done = pollUntilFinished(renderId);
        assertTrue(done.isComplete(), "render failed: " + done.error());

        Path video = download(done.outputUrl(), tmp.resolve("out.mp4"));
        MediaInfo info = probe.probe(video);
        assertEquals("h264", info.videoCodec());
        assertEquals(1920, info.width());
        assertEquals(1080, info.height());
        assertEquals(9.0, info.durationSeconds(), 1.0 / 30, "3 images x 3 s, crossfades included");
        assertTrue(info.hasAudio(), "the music is in the video");

        RgbFrame first = probe.frameAt(video, 1.0);
        assertColour(first, 960, 860, Color.RED, "first image (below the centred title)");
        assertColour(probe.frameAt(video, 4.3), 960, 540, Color.GREEN, "second image");
        assertColour(probe.frameAt(video, info.durationSeconds() - 0.7), 960, 540, Color.BLUE, "third image");

        Path fallback = tmp.resolve("fallback.mp4");
        try (InputStream in = client.openDownload(renderId)) {
            Files.copy(in, fallback);
        }
        assertEquals(Files.size(video), Files.size(fallback));
        assertTrue(Files.isRegularFile(emulator.dataDir().resolve("renders").resolve(renderId + ".mp4")),
                "the render is kept under --data-dir");

        VendorSession another = client.createSession("project", "en");
        dev.photoreel.nemo.UploadedFile uploadedVideo = client.uploadUrls(another.sessionId(), List.of(done.outputUrl())).get(0);
        assertEquals("video", uploadedVideo.fileType());
        assertEquals(1920, uploadedVideo.width());
        assertEquals(30.0, uploadedVideo.fps(), 0.01);
        assertEquals(info.durationSeconds(), uploadedVideo.duration(), 0.2);
    }

    @Test
    void verticalInstruction_rendersAt1080x1920() throws Exception {
        VendorSession session = client.createSession("project", "en");
        client.uploadFiles(session.sessionId(), List.of(
                file("a.jpg", TestMedia.jpeg(800, 600, Color.YELLOW)), file("b.jpg", TestMedia.jpeg(800, 600, Color.MAGENTA))));
        client.runInstruction(session.sessionId(), "vertical video, 1 second per photo, letterbox, no transitions",
                Instant.now().plusSeconds(60), StreamListener.NONE);
        SessionState state = client.sessionState(session.sessionId());
        RenderStatus done = pollUntilFinished(client.submitRender("render_v", session.sessionId(), state.draft()).renderId());
        assertTrue(done.isComplete(), "render failed: " + done.error());
        Path video = download(done.outputUrl(), tmp.resolve("v.mp4"));
        MediaInfo info = probe.probe(video);
        assertEquals(1080, info.width());
        assertEquals(1920, info.height());
        RgbFrame frame = probe.frameAt(video, 0.5);
        assertColour(frame, 540, 960, Color.YELLOW, "the image in the middle");
        assertColour(frame, 540, 60, Color.BLACK, "letterbox bar above the image");
    }
}
