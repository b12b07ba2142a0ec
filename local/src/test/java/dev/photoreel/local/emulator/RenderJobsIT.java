package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.render.VideoTimeline;
import dev.photoreel.workflow.Poll;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Export: attribution, duplicates, the render lifecycle, poll shapes, failure modes, cancel and download. */
class RenderJobsIT {

    private static final Map<String, String> ATTRIBUTION = Map.of("X-Skill-Source", "photoreel",
            "X-Skill-Version", "0.1.0", "X-Skill-Platform", "local");
    private static final byte[] FAKE_MP4 = "not really an mp4, the engine is faked here".getBytes();

    /** Records what it was asked to render; writes a marker file as the "video". */
    private final List<VideoTimeline> rendered = new CopyOnWriteArrayList<>();
    private final RenderEngine engine = (timeline, output) -> {
        rendered.add(timeline);
        try {
            Files.write(output, FAKE_MP4);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    private NemoEmulator emulator;
    private RawHttp http;
    private String token;
    private String sid;
    private JsonNode uploaded;

    @BeforeEach
    void start() throws IOException {
        emulator = NemoEmulator.start(EmulatorOptions.builder().sseEventDelay(Duration.ZERO).renderEngine(engine)
                .slowRenderDelay(Duration.ofMillis(1500)).build());
        http = new RawHttp(emulator.baseUrl());
        token = http.token();
        sid = http.session(token);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.jpg", TestMedia.jpeg(64, 48, Color.RED));
        files.put("b.png", TestMedia.png(64, 48, Color.BLUE));
        files.put("music.wav", TestMedia.wav(1));
        uploaded = http.upload(token, sid, files).data().path("files");
        http.instruct(token, sid, "letterbox it, titled \"Hello\", 2 seconds per image", Map.of());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private JsonNode draft() {
        return http.get("/api/state/nemo_agent/me/" + sid + "/latest", token).data().path("state").path("draft");
    }

    private RawHttp.Reply submit(String id, JsonNode draft, Map<String, String> headers) {
        ObjectNode body = RawHttp.JSON.createObjectNode().put("id", id).put("sessionId", sid);
        body.set("draft", draft);
        body.putObject("output").put("format", "mp4").put("quality", "high");
        return http.postJson("/api/render/proxy/lambda", token, body.toString(), headers);
    }

    /** Polls until the answer matches, with a deadline. */
    private JsonNode pollUntil(String id, Predicate<JsonNode> done) {
        JsonNode[] last = new JsonNode[1];
        return Poll.until(Duration.ofSeconds(20), Duration.ofMillis(20), () -> {
            last[0] = http.get("/api/render/proxy/lambda/" + id, token).json();
            return Optional.of(last[0]).filter(done);
        }).orElseThrow(() -> new AssertionError("render " + id + " did not reach the expected state; last answer " + last[0]));
    }

    private static String status(JsonNode poll) {
        return poll.has("data") ? poll.path("data").path("status").asText() : poll.path("status").asText();
    }

    @Test
    void submit_withoutAttributionHeaders_isHttp402() {
        RawHttp.Reply r = submit("render_1", draft(), Map.of("X-Skill-Source", "photoreel"));
        assertEquals(402, r.status());
        assertTrue(r.body().contains("register or upgrade the plan"), r.body());
        assertEquals(0, emulator.renderCount());
    }

    @Test
    void submit_rendersTheDraft_pendingThenCompletedWithAnOutputUrlTheEmulatorServes() {
        RawHttp.Reply r = submit("render_2", draft(), ATTRIBUTION);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().path("success").asBoolean());
        assertEquals("pending", r.data().path("status").asText());
        JsonNode done = pollUntil("render_2", p -> status(p).equals("completed"));
        JsonNode data = done.path("data");
        assertTrue(done.path("success").asBoolean(), "default poll shape is success/data");
        assertEquals(100, data.path("progress").asInt());
        assertTrue(data.path("completedAt").asLong() >= data.path("createdAt").asLong());
        HttpResponse<byte[]> video = http.getBytes(data.path("outputUrl").asText());
        assertEquals(200, video.statusCode());
        assertArrayEquals(FAKE_MP4, video.body());

        VideoTimeline t = rendered.get(0);
        assertEquals(1920, t.width());
        assertEquals(1080, t.height());
        assertEquals(2, t.clips().size());
        assertEquals(2.0, t.clips().get(0).seconds());
        assertTrue(Files.isRegularFile(t.clips().get(0).image()));
        assertEquals(0.5, t.transitionSeconds());
        assertEquals(VideoTimeline.Fit.LETTERBOX, t.fit());
        assertEquals("Hello", t.title());
        assertTrue(t.music() != null && Files.isRegularFile(t.music()));
    }

    @Test
    void poll_answersInTheSelectedShape() {
        emulator.faults().pollShape(PollShape.TASK);
        submit("render_t", draft(), ATTRIBUTION);
        JsonNode task = pollUntil("render_t", p -> "completed".equals(p.path("status").asText()));
        assertEquals("render_t", task.path("taskId").asText());
        assertTrue(task.path("output").path("url").asText().contains("/files/"));
        assertTrue(task.path("output").path("size").asLong() > 0);
        assertTrue(task.path("output").path("duration").asDouble() > 0);

        emulator.faults().pollShape(PollShape.CODE);
        JsonNode code = http.get("/api/render/proxy/lambda/render_t", token).json();
        assertEquals(0, code.path("code").asInt());
        assertEquals("completed", code.path("data").path("status").asText());
        assertTrue(code.path("data").has("outputUrl"));
    }

    @Test
    void submit_duplicateId_isAnError() {
        assertEquals(200, submit("render_dup", draft(), ATTRIBUTION).status());
        RawHttp.Reply again = submit("render_dup", draft(), ATTRIBUTION);
        assertEquals(409, again.status());
        assertFalse(again.json().path("success").asBoolean());
        assertTrue(again.json().path("error").asText().contains("render_dup"));
    }

    @Test
    void submit_ofADraftWithoutSegments_isRefused() {
        RawHttp.Reply r = submit("render_empty", RawHttp.JSON.createObjectNode().putArray("t").addObject().put("tt", 0), ATTRIBUTION);
        assertEquals(400, r.status());
    }

    @Test
    void render_inFailMode_endsFailedWithAnError() {
        emulator.faults().renderFailure(RenderFailure.FAIL);
        submit("render_f", draft(), ATTRIBUTION);
        JsonNode failed = pollUntil("render_f", p -> status(p).equals("failed"));
        assertTrue(failed.path("data").path("error").asText().contains("Render failed"));
        assertFalse(failed.path("data").has("outputUrl"));
    }

    @Test
    void render_thatNeverFinishes_staysProcessingBelow100_untilCancelled() {
        emulator.faults().renderFailure(RenderFailure.NEVER_FINISH);
        submit("render_n", draft(), ATTRIBUTION);
        JsonNode processing = pollUntil("render_n", p -> status(p).equals("processing"));
        assertTrue(processing.path("data").path("progress").asInt() < 100);
        for (int i = 0; i < 5; i++) {
            assertEquals("processing", status(http.get("/api/render/proxy/lambda/render_n", token).json()));
        }
        assertEquals(409, http.get("/api/render/proxy/render_n/download", token).status());
        RawHttp.Reply cancel = http.postJson("/api/render/proxy/lambda/render_n/cancel", token, "{}");
        assertEquals(200, cancel.status(), cancel.body());
        JsonNode cancelled = http.get("/api/render/proxy/lambda/render_n", token).json();
        assertEquals("failed", status(cancelled));
        assertTrue(cancelled.path("data").path("error").asText().contains("cancelled"));
        assertTrue(rendered.isEmpty());
    }

    @Test
    void render_inSlowMode_staysPendingFirst_thenCompletes() {
        emulator.faults().renderFailure(RenderFailure.SLOW);
        submit("render_s", draft(), ATTRIBUTION);
        assertEquals("pending", status(http.get("/api/render/proxy/lambda/render_s", token).json()));
        pollUntil("render_s", p -> status(p).equals("completed"));
    }

    @Test
    void cannedRender_setOverTheFaultApi_risesLinearly_completesAtItsDuration_andRendersOnceForAll() {
        RawHttp.Reply knob = http.postJson("/_emulator/faults", null, "{\"cannedRenderSeconds\": 1.5}");
        assertEquals(200, knob.status(), knob.body());
        assertEquals(1.5, http.get("/_emulator/faults", null).json().path("cannedRenderSeconds").asDouble());
        submit("render_c1", draft(), ATTRIBUTION);
        submit("render_c2", draft(), ATTRIBUTION);
        JsonNode rising = pollUntil("render_c1", p -> status(p).equals("processing") && p.path("data").path("progress").asInt() > 0);
        assertTrue(rising.path("data").path("progress").asInt() < 100);
        JsonNode first = pollUntil("render_c1", p -> status(p).equals("completed")).path("data");
        JsonNode second = pollUntil("render_c2", p -> status(p).equals("completed")).path("data");
        assertEquals(1500, first.path("completedAt").asLong() - first.path("createdAt").asLong(),
                "completes at its duration, by the emulator's clock, whenever it is polled");
        assertEquals(100, second.path("progress").asInt());
        assertArrayEquals(FAKE_MP4, http.getBytes(second.path("outputUrl").asText()).body());
        assertEquals(1, rendered.size(), "the canned MP4 is rendered once and reused");
        http.postJson("/_emulator/faults", null, "{\"cannedRenderSeconds\": null}");
        assertEquals(null, emulator.faults().cannedRender());
    }

    @Test
    void download_ofACompletedRender_streamsTheVideo_andUnknownRenderIs404() {
        submit("render_d", draft(), ATTRIBUTION);
        pollUntil("render_d", p -> status(p).equals("completed"));
        HttpResponse<byte[]> video = http.getBytes(emulator.baseUrl() + "/api/render/proxy/render_d/download");
        assertEquals(200, video.statusCode());
        assertEquals("video/mp4", video.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(FAKE_MP4, video.body());
        assertEquals(404, http.get("/api/render/proxy/lambda/nope", token).status());
        assertEquals(404, http.get("/api/render/proxy/lambda/render_d", http.token()).status(), "another user's render");
    }

    @Test
    void render_whoseEngineFails_endsFailedWithTheEnginesMessage() {
        emulator.close();
        try {
            emulator = NemoEmulator.start(EmulatorOptions.builder().sseEventDelay(Duration.ZERO)
                    .renderEngine((t, o) -> {
                        throw new dev.photoreel.render.RenderException("ffmpeg exited 1: boom");
                    }).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http = new RawHttp(emulator.baseUrl());
        token = http.token();
        sid = http.session(token);
        http.upload(token, sid, Map.of("a.jpg", TestMedia.jpeg(8, 8, Color.RED)));
        http.instruct(token, sid, "go", Map.of());
        submit("render_x", draft(), ATTRIBUTION);
        JsonNode failed = pollUntil("render_x", p -> status(p).equals("failed"));
        assertTrue(failed.path("data").path("error").asText().contains("boom"));
        JsonNode stats = http.get("/_emulator/stats", null).json();
        assertEquals(1, stats.path("renders").path("failed").asInt());
    }

    @Test
    void cdnUrlsInTheDraft_pointAtTheUploadedFiles() {
        JsonNode sg = draft().path("t").get(0).path("sg");
        assertEquals(uploaded.get(0).path("cdn_url").asText(), sg.get(0).path("src").asText());
        assertTrue(Path.of(emulator.dataDir().toString()).toFile().isDirectory());
    }
}
