package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /run_sse}: the events in both dialects, silence, faults, and the draft it builds. */
class InstructionStreamIT {

    private NemoEmulator emulator;
    private RawHttp http;
    private String token;
    private String sid;
    private JsonNode uploaded;

    @BeforeEach
    void start() {
        try {
            emulator = NemoEmulator.start(EmulatorOptions.builder().sseEventDelay(Duration.ofMillis(2))
                    .keepAliveInterval(Duration.ofMillis(100)).build());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        http = new RawHttp(emulator.baseUrl());
        token = http.token();
        sid = http.session(token);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private void uploadThreeImagesAndMusic() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("one.jpg", TestMedia.jpeg(64, 48, Color.RED));
        files.put("song.wav", TestMedia.wav(2));
        files.put("two.png", TestMedia.png(48, 64, Color.GREEN));
        files.put("three.jpg", TestMedia.jpeg(50, 50, Color.BLUE));
        RawHttp.Reply r = http.upload(token, sid, files);
        assertEquals(0, r.json().path("code").asInt(), r.body());
        uploaded = r.data().path("files");
    }

    private JsonNode draft() {
        return http.get("/api/state/nemo_agent/me/" + sid + "/latest", token).data().path("state").path("draft");
    }

    @Test
    void instruction_buildsTheDraftFromUploadsInOrder_withCanvasSecondsTitleAndMusic() {
        uploadThreeImagesAndMusic();
        RawHttp.Reply r = http.instruct(token, sid,
                "Make a vertical video titled \"Summer Trip\", 2 seconds per image, music at 40%", Map.of());
        assertEquals(200, r.status());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        JsonNode draft = draft();
        assertEquals(1080, draft.path("m").path("width").asInt());
        assertEquals(1920, draft.path("m").path("height").asInt());
        assertEquals(3 * 2000, draft.path("d").asLong(), "three 2 s images; the crossfades straddle the boundaries");
        JsonNode video = draft.path("t").get(0);
        assertEquals(0, video.path("tt").asInt());
        JsonNode sg = video.path("sg");
        assertEquals(3, sg.size());
        assertEquals(uploaded.get(0).path("cdn_url").asText(), sg.get(0).path("src").asText());
        assertEquals(uploaded.get(2).path("cdn_url").asText(), sg.get(1).path("src").asText());
        assertEquals(uploaded.get(3).path("cdn_url").asText(), sg.get(2).path("src").asText());
        assertEquals(2000, sg.get(1).path("st").asLong(), "the second image's slot starts after the first one's 2 s");
        assertEquals(2000, sg.get(1).path("d").asLong());
        assertEquals("fade", sg.get(0).path("tr").path("type").asText());
        assertFalse(sg.get(2).has("tr"), "no transition after the last image");
        JsonNode bgm = draft.path("t").get(1);
        assertEquals(1, bgm.path("tt").asInt());
        assertEquals(uploaded.get(1).path("cdn_url").asText(), bgm.path("sg").get(0).path("src").asText());
        assertEquals(0.4, bgm.path("sg").get(0).path("vol").asDouble(), 1e-9);
        JsonNode title = draft.path("t").get(2);
        assertEquals(7, title.path("tt").asInt());
        assertEquals("Summer Trip", title.path("sg").get(0).path("text").asText());
        assertEquals(1, emulator.instructionCount());
    }

    @Test
    void instruction_inAgentDialect_speaksFrameworkEventsWithKeepAlivesAndGuiTalk() {
        uploadThreeImagesAndMusic();
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "square slideshow", Map.of()).body());
        assertTrue(s.count(e -> e.path("content").path("parts").path(0).path("thought").asBoolean(false)) >= 1);
        assertTrue(s.count(e -> e.path("content").path("parts").path(0).has("functionCall")) >= 2);
        assertTrue(s.count(e -> e.path("content").path("parts").path(0).has("functionResponse")) >= 2);
        assertTrue(s.count(e -> !e.has("content") && !e.has("errorCode")) >= 1, "a JSON keep-alive without content");
        assertTrue(s.comments() >= 1);
        assertTrue(s.emptyData() >= 1);
        assertTrue(s.text().contains("click Export"), s.text());
        assertTrue(s.text().contains("1:1"), s.text());
        assertEquals(1080, draft().path("m").path("height").asInt());
    }

    @Test
    void instruction_inTypedDialectByHeader_speaksTypedEvents() {
        uploadThreeImagesAndMusic();
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "make it", Map.of("X-Emulator-Dialect", "typed")).body());
        assertTrue(s.count(e -> "text".equals(e.path("type").asText())) >= 1);
        assertTrue(s.count(e -> "tool_call".equals(e.path("type").asText())) >= 2);
        assertTrue(s.count(e -> "tool_result".equals(e.path("type").asText())) >= 2);
        assertTrue(s.count(e -> "heartbeat".equals(e.path("type").asText())) >= 1);
        assertEquals(0, s.count(e -> e.has("content") && e.path("content").isObject()));
    }

    @Test
    void instruction_whenSilent_saysNothingButStillBuildsTheDraft() {
        uploadThreeImagesAndMusic();
        emulator.faults().silent(true);
        SseEvents agent = SseEvents.parse(http.instruct(token, sid, "make it", Map.of()).body());
        assertEquals("", agent.text());
        assertTrue(agent.events().size() >= 4, "tool activity is still streamed");
        SseEvents typed = SseEvents.parse(http.instruct(token, sid, "make it", Map.of("X-Emulator-Dialect", "typed")).body());
        assertEquals("", typed.text());
        assertEquals(3, draft().path("t").get(0).path("sg").size());
    }

    @Test
    void instruction_withSilentHeaderFalse_overridesAServerWideSilence() {
        uploadThreeImagesAndMusic();
        emulator.faults().silent(true);
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "make it", Map.of("X-Emulator-Silent", "false")).body());
        assertFalse(s.text().isEmpty());
    }

    @Test
    void instruction_withoutImages_leavesTheDraftUnexportableAndSaysSo() {
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "make a video", Map.of()).body());
        assertTrue(s.text().contains("couldn't find any images"), s.text());
        assertEquals(0, draft().path("t").size());
    }

    @Test
    void instruction_cutMidEvent_breaksTheBody_butTheEditIsApplied() {
        uploadThreeImagesAndMusic();
        emulator.faults().cutNextStreams(1);
        assertThrows(UncheckedIOException.class, () -> http.instruct(token, sid, "make it", Map.of()));
        assertEquals(3, draft().path("t").get(0).path("sg").size());
        assertEquals(200, http.instruct(token, sid, "make it", Map.of()).status(), "only the next stream is cut");
    }

    @Test
    void instruction_stalled_keepsTheConnectionOpenWithKeepAlives() {
        uploadThreeImagesAndMusic();
        emulator.faults().stallNextStreams(1, Duration.ofMillis(1200), false);
        long start = System.nanoTime();
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "make it", Map.of()).body());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(1200).toNanos());
        assertTrue(s.comments() >= 5, "keep-alives during the stall: " + s.comments());
    }

    @Test
    void instruction_withInStreamError_reportsItAndAppliesNoEdit() {
        uploadThreeImagesAndMusic();
        emulator.faults().errorInNextStreams(2);
        SseEvents agent = SseEvents.parse(http.instruct(token, sid, "make it", Map.of()).body());
        assertEquals(1, agent.count(e -> e.has("errorCode") && e.has("errorMessage")));
        SseEvents typed = SseEvents.parse(http.instruct(token, sid, "make it", Map.of("X-Emulator-Dialect", "typed")).body());
        assertEquals(1, typed.count(e -> e.has("error")));
        assertEquals(0, draft().path("t").size());
    }

    @Test
    void instruction_withTemporaryIssueText_endsWithIt() {
        uploadThreeImagesAndMusic();
        emulator.faults().temporaryIssueText(true);
        SseEvents s = SseEvents.parse(http.instruct(token, sid, "make it", Map.of()).body());
        assertTrue(s.text().contains("I encountered a temporary issue"));
    }

    @Test
    void instruction_refinesTheEarlierEdit() {
        uploadThreeImagesAndMusic();
        http.instruct(token, sid, "square video titled \"Birthday\"", Map.of());
        http.instruct(token, sid, "make each photo 4 seconds long, 4 seconds per photo", Map.of());
        JsonNode draft = draft();
        assertEquals(1080, draft.path("m").path("width").asInt());
        assertEquals(1080, draft.path("m").path("height").asInt());
        assertEquals("Birthday", draft.path("m").path("title").asText());
        assertEquals(4000, draft.path("t").get(0).path("sg").get(0).path("d").asLong());
    }

    @Test
    void instruction_toUnknownSession_is1002_andWithBadToken_is1001() {
        assertEquals(1002, http.instruct(token, "42", "x", Map.of()).json().path("code").asInt());
        assertEquals(1001, http.instruct("nmv_usr_bad", sid, "x", Map.of()).json().path("code").asInt());
    }
}
