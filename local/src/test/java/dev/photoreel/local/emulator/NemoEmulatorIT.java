package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.photoreel.workflow.testing.MutableClock;
import java.awt.Color;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's rules for tokens, sessions, credits, uploads and faults, over raw HTTP. */
class NemoEmulatorIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private NemoEmulator emulator;
    private RawHttp http;

    @BeforeEach
    void start() throws Exception {
        emulator = NemoEmulator.start(EmulatorOptions.builder().clock(clock).maxFileBytes(64 * 1024)
                .sseEventDelay(Duration.ofMillis(1)).keepAliveInterval(Duration.ofSeconds(5)).build());
        http = new RawHttp(emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void token_withoutClientId_isHttp400() {
        RawHttp.Reply r = http.mint(null);
        assertEquals(400, r.status());
        assertTrue(r.json().path("message").asText().contains("X-Client-Id"), r.body());
    }

    @Test
    void token_isPrefixedAndBoundToAnAnonymousUserWith100Credits() {
        RawHttp.Reply r = http.mint("client-1");
        assertEquals(200, r.status());
        assertEquals(0, r.json().path("code").asInt());
        JsonNode data = r.data();
        assertTrue(data.path("token").asText().startsWith("nmv_usr_"));
        assertTrue(data.path("user_id").asText().startsWith("anon_"));
        assertEquals(100, data.path("credits").asInt());
        assertEquals(Instant.parse("2026-01-08T00:00:00Z"), Instant.parse(data.path("expires_at").asText()));
        assertEquals(1, emulator.tokensMinted("client-1"));
    }

    @Test
    void token_secondForSameClientInsideWindow_is429_butAnotherClientGetsOne() {
        assertEquals(200, http.mint("client-1").status());
        RawHttp.Reply second = http.mint("client-1");
        assertEquals(429, second.status());
        assertTrue(second.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, http.mint("client-2").status());
        assertEquals(1, emulator.tokensMinted("client-1"));
    }

    @Test
    void token_afterTheFirstExpired_isMintedAgainForTheSameUser() {
        RawHttp.Reply first = http.mint("client-1");
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        RawHttp.Reply second = http.mint("client-1");
        assertEquals(200, second.status(), second.body());
        assertNotEquals(first.data().path("token").asText(), second.data().path("token").asText());
        assertEquals(first.data().path("user_id").asText(), second.data().path("user_id").asText());
        assertEquals(2, emulator.tokensMinted("client-1"));
    }

    @Test
    void call_withUnknownToken_isCode1001() {
        RawHttp.Reply r = http.get("/api/credits/balance/simple", "nmv_usr_unknown");
        assertEquals(1001, r.json().path("code").asInt(), r.body());
        assertEquals(1001, http.get("/api/credits/balance/simple", null).json().path("code").asInt());
    }

    @Test
    void call_withTokenPastItsLifetime_isCode1001() {
        String token = http.token();
        assertEquals(0, http.get("/api/credits/balance/simple", token).json().path("code").asInt());
        clock.advance(Duration.ofDays(7));
        assertEquals(1001, http.get("/api/credits/balance/simple", token).json().path("code").asInt());
    }

    @Test
    void call_afterExpireTokensFault_isCode1001_andTheClientMayMintAgain() {
        RawHttp.Reply minted = http.mint("client-x");
        String token = minted.data().path("token").asText();
        RawHttp.Reply admin = http.postJson("/_emulator/faults", null, "{\"expireTokens\": true}");
        assertEquals(200, admin.status(), admin.body());
        assertEquals(1001, http.get("/api/credits/balance/simple", token).json().path("code").asInt());
        assertEquals(200, http.mint("client-x").status());
    }

    @Test
    void call_withRejectedToken_usesTheSelectedAuthErrorStyle() {
        emulator.faults().authErrorStyle(AuthErrorStyle.HTTP_401);
        assertEquals(401, http.get("/api/credits/balance/simple", "nmv_usr_nope").status());
        emulator.faults().authErrorStyle(AuthErrorStyle.CODE_1011);
        assertEquals(1011, http.get("/api/credits/balance/simple", "nmv_usr_nope").json().path("code").asInt());
    }

    // ---------------------------------------------------------------- sessions, state, credits

    @Test
    void session_hasTaskIdAndLongNumericSessionId() {
        String token = http.token();
        RawHttp.Reply r = http.postJson("/api/tasks/me/with-session/nemo_agent", token, "{\"task_name\":\"project\",\"language\":\"en\"}");
        assertTrue(r.data().path("task_id").asText().startsWith("task_"), r.body());
        assertTrue(r.data().path("session_id").asText().matches("\\d{19}"), r.body());
        assertEquals(1, emulator.sessionCount());
    }

    @Test
    void state_ofNewSession_hasAnEmptyDraftThatIsNotExportable() {
        String token = http.token();
        String sid = http.session(token);
        JsonNode data = http.get("/api/state/nemo_agent/me/" + sid + "/latest", token).data();
        assertEquals(sid, data.path("session_id").asText());
        assertEquals("project", data.path("task_name").asText());
        assertEquals(0, data.path("state").path("draft").path("t").size());
        assertTrue(data.path("state").has("canvas_config"));
    }

    @Test
    void state_ofUnknownSession_isCode1002_orHttp404WhenSelected() {
        String token = http.token();
        RawHttp.Reply r = http.get("/api/state/nemo_agent/me/123/latest", token);
        assertEquals(1002, r.json().path("code").asInt(), r.body());
        emulator.faults().sessionErrorStyle(SessionErrorStyle.HTTP_404);
        RawHttp.Reply r404 = http.get("/api/state/nemo_agent/me/123/latest", token);
        assertEquals(404, r404.status());
        assertEquals("Session not found: 123", r404.json().path("detail").asText());
    }

    @Test
    void session_ofAnotherUser_isNotFound() {
        String sid = http.session(http.token());
        RawHttp.Reply r = http.get("/api/state/nemo_agent/me/" + sid + "/latest", http.token());
        assertEquals(1002, r.json().path("code").asInt());
    }

    @Test
    void credits_start100_eachInstructionCosts_andAtZeroInstructionIs2001() {
        String token = http.token();
        String sid = http.session(token);
        JsonNode before = http.get("/api/credits/balance/simple", token).data();
        assertEquals(100, before.path("available").asInt());
        assertEquals(0, before.path("frozen").asInt());
        assertEquals(100, before.path("total").asInt());
        http.instruct(token, sid, "make a video", Map.of());
        JsonNode after = http.get("/api/credits/balance/simple", token).data();
        assertEquals(92, after.path("available").asInt());
        assertEquals(after.path("available").asInt() + after.path("frozen").asInt(), after.path("total").asInt());

        emulator.setAvailableCredits(0);
        RawHttp.Reply broke = http.instruct(token, sid, "make a video", Map.of());
        assertEquals(2001, broke.json().path("code").asInt(), broke.body());
    }

    @Test
    void credits_setOverHttpBeforeTheUserExists_applyToNewUsers() {
        assertEquals(200, http.postJson("/_emulator/faults", null, "{\"credits\": 0}").status());
        String token = http.token();
        assertEquals(0, http.get("/api/credits/balance/simple", token).data().path("available").asInt());
        String sid = http.session(token);
        assertEquals(2001, http.instruct(token, sid, "go", Map.of()).json().path("code").asInt());
    }

    // ---------------------------------------------------------------- uploads

    @Test
    void upload_multipart_recordsTypeSizeAndHashByContent() throws Exception {
        String token = http.token();
        String sid = http.session(token);
        byte[] jpeg = TestMedia.jpeg(64, 48, Color.RED);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("red.jpg", jpeg);
        files.put("blue.bin", TestMedia.png(32, 20, Color.BLUE));
        files.put("tone.wav", TestMedia.wav(1.5));
        files.put("pic.webp", TestMedia.webpLossless(300, 200));
        RawHttp.Reply r = http.upload(token, sid, files);
        assertEquals(0, r.json().path("code").asInt(), r.body());
        assertTrue(r.data().path("session_state_applied").asBoolean());
        JsonNode f = r.data().path("files");
        assertEquals(4, f.size());
        assertEquals("red.jpg", f.get(0).path("filename").asText());
        assertEquals("image", f.get(0).path("file_type").asText());
        assertEquals(64, f.get(0).path("width").asInt());
        assertEquals(48, f.get(0).path("height").asInt());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)), f.get(0).path("hash").asText());
        assertEquals("image", f.get(1).path("file_type").asText(), "PNG recognised although named .bin");
        assertEquals(32, f.get(1).path("width").asInt());
        assertEquals("audio", f.get(2).path("file_type").asText());
        assertEquals(1.5, f.get(2).path("duration").asDouble(), 0.01);
        assertEquals(300, f.get(3).path("width").asInt());
        assertEquals(200, f.get(3).path("height").asInt());

        HttpResponse<byte[]> served = http.getBytes(f.get(0).path("cdn_url").asText());
        assertEquals(200, served.statusCode());
        assertEquals("image/jpeg", served.headers().firstValue("Content-Type").orElse(""));
        assertTrue(java.util.Arrays.equals(jpeg, served.body()));
    }

    @Test
    void upload_textFileNamedJpg_is4001NamingTheFile() {
        String token = http.token();
        String sid = http.session(token);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("ok.png", TestMedia.png(8, 8, Color.GREEN));
        files.put("holiday.jpg", TestMedia.text("this is not a picture"));
        RawHttp.Reply r = http.upload(token, sid, files);
        assertEquals(4001, r.json().path("code").asInt(), r.body());
        assertTrue(r.json().path("message").asText().contains("holiday.jpg"), r.body());
        assertTrue(r.json().path("message").asText().contains("png"), r.body());
        JsonNode state = http.get("/api/state/nemo_agent/me/" + sid + "/latest", token).data().path("state");
        assertEquals(0, state.path("video_infos").size(), "a rejected upload stores nothing");
    }

    @Test
    void upload_overTheSizeLimit_is4002NamingFileAndLimit() {
        String token = http.token();
        String sid = http.session(token);
        byte[] big = new byte[100 * 1024];
        byte[] png = TestMedia.png(8, 8, Color.GREEN);
        System.arraycopy(png, 0, big, 0, png.length);
        RawHttp.Reply r = http.upload(token, sid, Map.of("big.png", big));
        assertEquals(4002, r.json().path("code").asInt(), r.body());
        assertTrue(r.json().path("message").asText().contains("big.png"));
        assertTrue(r.json().path("message").asText().contains(String.valueOf(64 * 1024)));
    }

    @Test
    void upload_toUnknownSession_is1002() {
        String token = http.token();
        RawHttp.Reply r = http.upload(token, "999", Map.of("a.png", TestMedia.png(8, 8, Color.GREEN)));
        assertEquals(1002, r.json().path("code").asInt());
    }

    @Test
    void upload_byUrl_fetchesEachUrlLikeThePresignedS3Case() throws Exception {
        byte[] jpeg = TestMedia.jpeg(40, 30, Color.ORANGE);
        HttpServer bucket = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bucket.createContext("/bucket/", ex -> {
            boolean signed = ex.getRequestURI().getRawQuery() != null && ex.getRequestURI().getRawQuery().contains("X-Amz-Signature");
            byte[] body = signed ? jpeg : "denied".getBytes();
            ex.sendResponseHeaders(signed ? 200 : 403, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        bucket.start();
        try {
            String base = "http://127.0.0.1:" + bucket.getAddress().getPort() + "/bucket/uploads/job-1/";
            String token = http.token();
            String sid = http.session(token);
            RawHttp.Reply ok = http.postJson("/api/upload-video/nemo_agent/me/" + sid, token,
                    "{\"urls\": [\"" + base + "beach%20day.jpg?X-Amz-Signature=abc&X-Amz-Expires=60\"], \"source_type\": \"url\"}");
            assertEquals(0, ok.json().path("code").asInt(), ok.body());
            JsonNode file = ok.data().path("files").get(0);
            assertEquals("beach day.jpg", file.path("filename").asText());
            assertEquals(40, file.path("width").asInt());
            RawHttp.Reply denied = http.postJson("/api/upload-video/nemo_agent/me/" + sid, token,
                    "{\"urls\": [\"" + base + "x.jpg\"], \"source_type\": \"url\"}");
            assertEquals(400, denied.status());
            assertTrue(denied.json().path("message").asText().contains("HTTP 403"), denied.body());
        } finally {
            bucket.stop(0);
        }
    }

    // ---------------------------------------------------------------- faults and admin

    @Test
    void failNext_answersTheStatusForNCallsOfThatEndpointOnly() {
        String token = http.token();
        emulator.faults().failNext(Endpoint.CREDITS, 503, 2);
        assertEquals(503, http.get("/api/credits/balance/simple", token).status());
        assertEquals(200, http.postJson("/api/tasks/me/with-session/nemo_agent", token, "{}").status());
        assertEquals(503, http.get("/api/credits/balance/simple", token).status());
        assertEquals(200, http.get("/api/credits/balance/simple", token).status());
    }

    @Test
    void adminFaults_setsA429OnTheNextCall_andStatsCountTokens() {
        RawHttp.Reply set = http.postJson("/_emulator/faults", null,
                "{\"failNext\": [{\"endpoint\": \"token\", \"status\": 429, \"count\": 1}], \"pollShape\": \"task\", \"dialect\": \"typed\"}");
        assertEquals(200, set.status(), set.body());
        assertEquals("task", set.json().path("pollShape").asText());
        RawHttp.Reply limited = http.mint("c-1");
        assertEquals(429, limited.status());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElse(""));
        assertEquals(200, http.mint("c-1").status());
        JsonNode stats = http.get("/_emulator/stats", null).json();
        assertEquals(1, stats.path("tokensMinted").path("c-1").asInt());
        assertEquals(SseDialect.TYPED, emulator.faults().dialect());

        assertEquals(400, http.postJson("/_emulator/faults", null, "{\"pollShape\": \"weird\"}").status());
        http.postJson("/_emulator/faults", null, "{\"reset\": true}");
        assertEquals(SseDialect.AGENT, emulator.faults().dialect());
    }

    @Test
    void latency_delaysEveryCall() {
        emulator.faults().latency(Duration.ofMillis(300));
        long start = System.nanoTime();
        http.mint(UUID.randomUUID().toString());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void unknownPath_is404_andWrongMethod_is405() {
        assertEquals(404, http.get("/api/nothing", null).status());
        assertEquals(405, http.get("/api/auth/anonymous-token", null).status());
        assertEquals(404, http.get("/files/../../etc/passwd", null).status());
    }
}
