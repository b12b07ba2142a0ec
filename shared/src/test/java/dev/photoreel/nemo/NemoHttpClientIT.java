package dev.photoreel.nemo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.photoreel.nemo.exceptions.ExportBlockedException;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.NemoException;
import dev.photoreel.nemo.exceptions.NemoPermanentException;
import dev.photoreel.nemo.exceptions.NemoTransientException;
import dev.photoreel.nemo.exceptions.RateLimitedException;
import dev.photoreel.nemo.exceptions.SessionNotFoundException;
import dev.photoreel.nemo.exceptions.UnsupportedFileException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NemoHttpClientIT {

    private static final String TOKEN = "nmv_usr_first-secret-token";
    private static final String RENEWED = "nmv_usr_second-secret-token";
    private static final String SID = "8327461923847561";

    @RegisterExtension
    static WireMockExtension vendor = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().notifier(new com.github.tomakehurst.wiremock.common.Slf4jNotifier(false))).build();

    private RecordingTokenSource tokens;
    private NemoHttpClient client;

    @BeforeEach
    void setUp() {
        tokens = new RecordingTokenSource(TOKEN, RENEWED);
        NemoClientConfig config = dev.photoreel.workflow.testing.TestEnvironment.nemo(URI.create(vendor.baseUrl()), "client-123")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withMaxFileBytes(1000);
        client = new NemoHttpClient(config, tokens);
    }

    // ------------------------------------------------------------------ envelopes

    static Stream<String> tokenEnvelopes() {
        String data = "{\"token\":\"nmv_usr_abc\",\"user_id\":\"anon_1\",\"expires_at\":\"2026-12-01T10:00:00Z\",\"credits\":100,\"extra\":{\"x\":1}}";
        return Stream.of(
                "{\"code\":0,\"message\":\"success\",\"data\":" + data + "}",
                "{\"code\":0,\"msg\":\"ok\",\"data\":" + data + ",\"unknown\":true}",
                "{\"success\":true,\"data\":" + data + "}",
                data);
    }

    @ParameterizedTest
    @MethodSource("tokenEnvelopes")
    void mintAnonymousToken_readsEveryEnvelope(String body) {
        vendor.stubFor(post("/api/auth/anonymous-token").willReturn(json(200, body)));

        AnonymousToken token = client.mintAnonymousToken();

        assertEquals("nmv_usr_abc", token.token());
        assertEquals("anon_1", token.userId());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), token.expiresAt());
        assertEquals(100, token.credits());
        vendor.verify(postRequestedFor(urlEqualTo("/api/auth/anonymous-token"))
                .withHeader("X-Client-Id", equalTo("client-123"))
                .withoutHeader("Authorization"));
    }

    @Test
    void mintAnonymousToken_withoutClientId_failsWithoutCallingVendor() {
        NemoHttpClient noId = new NemoHttpClient(NemoClientConfig.fromMap(
                dev.photoreel.workflow.testing.TestEnvironment.with(java.util.Map.of("NEMO_API_BASE", vendor.baseUrl()))), null);

        MissingClientIdException error = assertThrows(MissingClientIdException.class, noId::mintAnonymousToken);

        assertTrue(error.getMessage().contains("NEMO_CLIENT_ID"), error.getMessage());
        assertTrue(vendor.getAllServeEvents().isEmpty());
    }

    @Test
    void createSession_sendsBodyAndReadsIds() {
        vendor.stubFor(post("/api/tasks/me/with-session/nemo_agent").willReturn(json(200,
                "{\"code\":0,\"msg\":\"ok\",\"data\":{\"task_id\":\"task_9\",\"session_id\":" + SID + ",\"user_id\":\"anon_1\"}}")));

        VendorSession session = client.createSession("project", "en");

        assertEquals(new VendorSession("task_9", SID), session);
        vendor.verify(postRequestedFor(urlEqualTo("/api/tasks/me/with-session/nemo_agent"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", containing("application/json"))
                .withRequestBody(equalToJson("{\"task_name\":\"project\",\"language\":\"en\"}")));
    }

    @Test
    void credits_readsBothVersions() {
        vendor.stubFor(get("/api/credits/balance/simple").inScenario("credits")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("second")
                .willReturn(json(200, "{\"code\":0,\"data\":{\"available\":80,\"frozen\":5,\"total\":85}}")));
        vendor.stubFor(get("/api/credits/balance/simple").inScenario("credits")
                .whenScenarioStateIs("second")
                .willReturn(json(200, "{\"success\":true,\"data\":{\"total_granted\":100,\"total_consumed\":30}}")));

        assertEquals(new Credits(80, 5, 85), client.credits());
        assertEquals(new Credits(70, 0, 70), client.credits());
    }

    @Test
    void sessionState_readsDraftAndKeepsUnknownKeys() {
        vendor.stubFor(get("/api/state/nemo_agent/me/" + SID + "/latest").willReturn(json(200,
                "{\"code\":0,\"data\":{\"session_id\":\"" + SID + "\",\"task_id\":\"task_9\",\"task_name\":\"project\","
                        + "\"state\":{\"draft\":{\"t\":[{\"tt\":0,\"sg\":[{\"zz\":1}],\"d\":10000}],\"q\":{\"keep\":[1,2]}},"
                        + "\"video_infos\":[],\"canvas_config\":{}}}}")));

        SessionState state = client.sessionState(SID);

        assertEquals(SID, state.sessionId());
        assertEquals("task_9", state.taskId());
        assertTrue(state.hasExportableDraft());
        assertEquals("[1,2]", state.draft().toJson().path("q").path("keep").toString());
    }

    @Test
    void sessionState_withoutDraft_hasNoExportableDraft() {
        vendor.stubFor(get("/api/state/nemo_agent/me/" + SID + "/latest").willReturn(json(200,
                "{\"session_id\":\"" + SID + "\",\"state\":{\"draft\":null}}")));

        SessionState state = client.sessionState(SID);

        assertNull(state.draft());
        assertFalse(state.hasExportableDraft());
    }

    // ------------------------------------------------------------------ render

    static Stream<Arguments> pollShapes() {
        return Stream.of(
                Arguments.of("{\"taskId\":\"render_1\",\"status\":\"completed\",\"progress\":100,"
                        + "\"output\":{\"url\":\"https://cdn/x.mp4\",\"duration\":12.5,\"size\":123456}}", true),
                Arguments.of("{\"success\":true,\"data\":{\"id\":\"render_1\",\"status\":\"completed\",\"progress\":100,"
                        + "\"outputUrl\":\"https://cdn/x.mp4\",\"createdAt\":1764000000000,\"completedAt\":1764000060000}}", false),
                Arguments.of("{\"code\":0,\"data\":{\"id\":\"render_1\",\"status\":\"completed\",\"progress\":\"100\","
                        + "\"outputUrl\":\"https://cdn/x.mp4\"}}", false));
    }

    @ParameterizedTest
    @MethodSource("pollShapes")
    void pollRender_readsEveryShape(String body, boolean hasOutputDetails) {
        vendor.stubFor(get("/api/render/proxy/lambda/render_1").willReturn(json(200, body)));

        RenderStatus status = client.pollRender("render_1");

        assertEquals("render_1", status.renderId());
        assertEquals(RenderStatus.State.COMPLETED, status.state());
        assertEquals(100, status.progress());
        assertEquals("https://cdn/x.mp4", status.outputUrl());
        assertTrue(status.isComplete());
        if (hasOutputDetails) {
            assertEquals(12.5, status.durationSeconds());
            assertEquals(123456L, status.sizeBytes());
        }
    }

    @Test
    void pollRender_completedWithoutUrl_isNotComplete() {
        vendor.stubFor(get("/api/render/proxy/lambda/render_1").willReturn(json(200,
                "{\"success\":true,\"data\":{\"id\":\"render_1\",\"status\":\"completed\",\"progress\":100}}")));

        RenderStatus status = client.pollRender("render_1");

        assertEquals(RenderStatus.State.COMPLETED, status.state());
        assertFalse(status.isComplete());
    }

    @Test
    void pollRender_processing_readsProgress() {
        vendor.stubFor(get("/api/render/proxy/lambda/render_1").willReturn(json(200,
                "{\"taskId\":\"render_1\",\"status\":\"processing\",\"progress\":42}")));

        RenderStatus status = client.pollRender("render_1");

        assertEquals(RenderStatus.State.PROCESSING, status.state());
        assertEquals(42, status.progress());
        assertFalse(status.isComplete());
    }

    static Stream<String> failedShapes() {
        return Stream.of(
                "{\"taskId\":\"render_1\",\"status\":\"failed\",\"progress\":30,\"error\":\"codec exploded\"}",
                "{\"success\":true,\"data\":{\"id\":\"render_1\",\"status\":\"failed\",\"error\":\"codec exploded\"}}",
                "{\"success\":false,\"data\":{\"id\":\"render_1\",\"status\":\"failed\"},\"error\":\"codec exploded\"}",
                "{\"code\":0,\"data\":{\"id\":\"render_1\",\"status\":\"failed\",\"error\":{\"message\":\"codec exploded\"}}}");
    }

    @ParameterizedTest
    @MethodSource("failedShapes")
    void pollRender_failed_carriesError(String body) {
        vendor.stubFor(get("/api/render/proxy/lambda/render_1").willReturn(json(200, body)));

        RenderStatus status = client.pollRender("render_1");

        assertTrue(status.isFailed());
        assertFalse(status.isComplete());
        if (!body.startsWith("{\"success\":false")) {
            assertEquals("codec exploded", status.error());
        }
    }

    @Test
    void submitRender_sendsDraftUnchangedInTheContractBody() {
        String draftJson = "{\"t\":[{\"tt\":0,\"sg\":[{\"src\":\"a.jpg\",\"weird\":{\"n\":1.50}}],\"d\":3000}],\"unknown\":[true,null]}";
        vendor.stubFor(post("/api/render/proxy/lambda").willReturn(json(200,
                "{\"success\":true,\"data\":{\"id\":\"render_1\",\"status\":\"pending\",\"progress\":5}}")));

        RenderStatus status = client.submitRender("render_1", SID, Draft.parse(draftJson));

        assertEquals(RenderStatus.State.PENDING, status.state());
        assertEquals(5, status.progress());
        LoggedRequest request = vendor.findAll(postRequestedFor(urlEqualTo("/api/render/proxy/lambda"))).get(0);
        String expected = "{\"id\":\"render_1\",\"sessionId\":\"" + SID + "\",\"draft\":" + draftJson
                + ",\"output\":{\"format\":\"mp4\",\"quality\":\"high\"}}";
        assertEquals(expected, request.getBodyAsString());
    }

    @Test
    void cancelRender_postsToCancel() {
        vendor.stubFor(post("/api/render/proxy/lambda/render_1/cancel").willReturn(json(200, "{\"success\":true}")));

        client.cancelRender("render_1");

        vendor.verify(postRequestedFor(urlEqualTo("/api/render/proxy/lambda/render_1/cancel")));
    }

    @Test
    void downloadUrl_pointsAtTheFallback() {
        assertEquals(URI.create(vendor.baseUrl() + "/api/render/proxy/render_1/download"), client.downloadUrl("render_1"));
    }

    @Test
    void openDownload_streamsTheBodyWithToken() throws Exception {
        vendor.stubFor(get("/api/render/proxy/render_1/download")
                .willReturn(aResponse().withStatus(200).withBody(new byte[] {1, 2, 3})));

        try (var in = client.openDownload("render_1")) {
            assertEquals(3, in.readAllBytes().length);
        }
        vendor.verify(getRequestedFor(urlEqualTo("/api/render/proxy/render_1/download"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    // ------------------------------------------------------------------ uploads

    @Test
    void uploadFiles_sendsOneFilesPartPerFileAndReadsFiles() {
        vendor.stubFor(post("/api/upload-video/nemo_agent/me/" + SID).willReturn(json(200,
                "{\"code\":0,\"data\":{\"files\":[{\"filename\":\"a.jpg\",\"file_type\":\"image\",\"cdn_url\":\"https://cdn/a.jpg\","
                        + "\"width\":1920,\"height\":1080,\"hash\":\"h1\"},{\"filename\":\"song.mp3\",\"file_type\":\"audio\","
                        + "\"cdn_url\":\"https://cdn/s.mp3\",\"duration\":\"31.5\"}],\"session_state_applied\":true}}")));

        List<UploadedFile> files = client.uploadFiles(SID, List.of(
                upload("a.jpg", "image/jpeg", "JPEGDATA"), upload("song.mp3", "audio/mpeg", "MP3DATA")));

        assertEquals(2, files.size());
        assertEquals(new UploadedFile("a.jpg", "image", "https://cdn/a.jpg", null, 1920, 1080, null, "h1"), files.get(0));
        assertEquals(31.5, files.get(1).duration());
        LoggedRequest request = vendor.findAll(postRequestedFor(urlEqualTo("/api/upload-video/nemo_agent/me/" + SID))).get(0);
        assertTrue(request.getHeader("Content-Type").startsWith("multipart/form-data; boundary="));
        assertEquals(2, request.getParts().size());
        request.getParts().forEach(part -> assertTrue(part.getHeader("Content-Disposition").firstValue().contains("name=\"files\"")));
        String body = request.getBodyAsString();
        assertTrue(body.contains("filename=\"a.jpg\"") && body.contains("JPEGDATA"), body);
        assertTrue(body.contains("filename=\"song.mp3\"") && body.contains("MP3DATA"), body);
        assertEquals(String.valueOf(request.getBody().length), request.getHeader("Content-Length"));
    }

    @Test
    void uploadFiles_whenFileTooLarge_failsWithoutCallingVendor() {
        FileUpload big = new FileUpload("huge.mp4", "video/mp4", 5000, () -> new ByteArrayInputStream(new byte[5000]));

        FileTooLargeException error = assertThrows(FileTooLargeException.class,
                () -> client.uploadFiles(SID, List.of(big)));

        assertTrue(error.getMessage().contains("huge.mp4"), error.getMessage());
        assertTrue(error.getMessage().contains("1000 bytes"), error.getMessage());
        assertTrue(vendor.getAllServeEvents().isEmpty());
    }

    @Test
    void uploadUrls_sendsUrlBodyAndKeepsPresignedQueryOutOfErrors() {
        String url = "https://bucket.s3.amazonaws.com/uploads/job/photo%201.heic?X-Amz-Signature=deadbeefcafe&X-Amz-Credential=AKIA";
        vendor.stubFor(post("/api/upload-video/nemo_agent/me/" + SID).willReturn(json(200,
                "{\"code\":4001,\"message\":\"unsupported format: " + url + "\",\"data\":null}")));

        UnsupportedFileException error = assertThrows(UnsupportedFileException.class,
                () -> client.uploadUrls(SID, List.of(url)));

        vendor.verify(postRequestedFor(urlEqualTo("/api/upload-video/nemo_agent/me/" + SID))
                .withRequestBody(equalToJson("{\"urls\":[\"" + url + "\"],\"source_type\":\"url\"}")));
        assertTrue(error.getMessage().contains("'photo 1.heic'"), error.getMessage());
        assertFalse(error.getMessage().contains("deadbeefcafe"), error.getMessage());
    }

    @Test
    void uploadUrls_readsFiles() {
        vendor.stubFor(post("/api/upload-video/nemo_agent/me/" + SID).willReturn(json(200,
                "{\"success\":true,\"data\":{\"files\":[{\"filename\":\"a.png\",\"file_type\":\"image\",\"cdn_url\":\"https://cdn/a.png\"}]}}")));

        List<UploadedFile> files = client.uploadUrls(SID, List.of("https://example.com/a.png"));

        assertEquals("https://cdn/a.png", files.get(0).cdnUrl());
    }

    @Test
    void uploadFiles_whenTheFileCannotBeOpened_failsWithoutHanging() {
        vendor.stubFor(post("/api/upload-video/nemo_agent/me/" + SID).willReturn(json(200, "{\"files\":[]}")));
        FileUpload broken = new FileUpload("gone.jpg", "image/jpeg", 10, () -> {
            throw new java.io.IOException("S3 said NoSuchKey");
        });

        VendorUnavailableException error = assertThrows(VendorUnavailableException.class,
                () -> client.uploadFiles(SID, List.of(broken)));

        assertTrue(error.getMessage().contains("'gone.jpg'"), error.getMessage());
        assertTrue(error.getMessage().contains("S3 said NoSuchKey"), error.getMessage());
    }

    @Test
    void uploadFiles_whenTheFileBreaksMidRead_failsWithoutHanging() {
        vendor.stubFor(post("/api/upload-video/nemo_agent/me/" + SID).willReturn(json(200, "{\"files\":[]}")));
        FileUpload broken = new FileUpload("cut.jpg", "image/jpeg", 100_000, () -> new java.io.InputStream() {
            private int served;

            @Override
            public int read() throws java.io.IOException {
                if (served++ > 50_000) {
                    throw new java.io.IOException("connection to S3 lost");
                }
                return 'x';
            }
        });
        NemoHttpClient roomy = new NemoHttpClient(client.config().withMaxFileBytes(1_000_000), tokens);

        assertThrows(VendorUnavailableException.class, () -> roomy.uploadFiles(SID, List.of(broken)));
    }

    // ------------------------------------------------------------------ the error table

    static Stream<Arguments> errorTable() {
        return Stream.of(
                row("1002", call(c -> c.sessionState(SID)), 200, "{\"code\":1002,\"message\":\"session gone\"}",
                        SessionNotFoundException.class, "Create a new session"),
                row("404 detail", call(c -> c.sessionState(SID)), 404, "{\"detail\":\"Session not found: " + SID + "\"}",
                        SessionNotFoundException.class, SID),
                row("2001", call(NemoHttpClient::credits), 200, "{\"code\":2001,\"msg\":\"no credits\"}",
                        InsufficientCreditsException.class, "Register a NemoVideo account or top up"),
                row("4001", call(c -> c.uploadFiles(SID, List.of(upload("x.bmp", "image/bmp", "BM")))), 200,
                        "{\"code\":4001,\"message\":\"unsupported\"}", UnsupportedFileException.class,
                        "'x.bmp'", "mp4, mov, avi, webm, mkv, jpg/jpeg, png, gif, webp, mp3, wav, m4a, aac"),
                row("4002", call(c -> c.uploadFiles(SID, List.of(upload("big.mp4", "video/mp4", "MP4")))), 200,
                        "{\"success\":false,\"code\":4002,\"error\":\"too large\"}", FileTooLargeException.class,
                        "'big.mp4'", "1000 bytes"),
                row("400 on token", call(NemoHttpClient::mintAnonymousToken), 400, "{\"detail\":\"X-Client-Id required\"}",
                        MissingClientIdException.class, "NEMO_CLIENT_ID"),
                row("402", call(c -> c.submitRender("render_1", SID, Draft.parse("{\"t\":[]}"))), 402,
                        "{\"error\":\"upgrade required\"}", ExportBlockedException.class, "Register or upgrade the plan"),
                row("429", call(NemoHttpClient::mintAnonymousToken), 429, "{\"message\":\"slow down\"}",
                        RateLimitedException.class, "retry"),
                row("500", call(NemoHttpClient::credits), 500, "<html>oops</html>",
                        VendorUnavailableException.class, "HTTP 500"),
                row("503", call(c -> c.pollRender("render_1")), 503, "{\"msg\":\"maintenance\"}",
                        VendorUnavailableException.class, "maintenance"),
                row("408", call(NemoHttpClient::credits), 408, "", VendorUnavailableException.class, "HTTP 408"),
                row("other code", call(c -> c.createSession("project", "en")), 200,
                        "{\"code\":3007,\"message\":\"task name too long\"}", VendorRejectedException.class,
                        "task name too long"),
                row("other 4xx", call(c -> c.pollRender("render_1")), 404, "{\"detail\":\"Render not found\"}",
                        VendorRejectedException.class, "Render not found"),
                row("success false", call(NemoHttpClient::credits), 200, "{\"success\":false,\"error\":\"nope\"}",
                        VendorRejectedException.class, "nope"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorTable")
    void everyErrorTableRow_mapsToItsTypedError(String name, Consumer<NemoHttpClient> call, int status, String body,
                                                 Class<? extends NemoException> type, String[] messageParts) {
        vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(json(status, body)));

        NemoException error = assertThrows(NemoException.class, () -> call.accept(client));

        assertInstanceOf(type, error, error.getMessage());
        for (String part : messageParts) {
            assertTrue(error.getMessage().contains(part), "'" + part + "' missing from: " + error.getMessage());
        }
        assertFalse(error.getMessage().contains(TOKEN));
        assertEquals(status, error.httpStatus());
    }

    @Test
    void errorTypes_areSplitIntoPermanentAndTransient() {
        assertTrue(NemoTransientException.class.isAssignableFrom(RateLimitedException.class));
        assertTrue(NemoTransientException.class.isAssignableFrom(VendorUnavailableException.class));
        for (Class<?> permanent : List.of(InvalidTokenException.class, SessionNotFoundException.class,
                InsufficientCreditsException.class, UnsupportedFileException.class, FileTooLargeException.class,
                MissingClientIdException.class, ExportBlockedException.class, VendorRejectedException.class)) {
            assertTrue(NemoPermanentException.class.isAssignableFrom(permanent), permanent.getName());
        }
    }

    @Test
    void rateLimited_carriesRetryAfter() {
        vendor.stubFor(post("/api/auth/anonymous-token").willReturn(json(429, "{\"message\":\"1 token per client\"}")
                .withHeader("Retry-After", "42")));

        RateLimitedException error = assertThrows(RateLimitedException.class, client::mintAnonymousToken);

        assertEquals(Duration.ofSeconds(42), error.retryAfter().orElseThrow());
        assertTrue(error.getMessage().contains("Wait 42 s"), error.getMessage());
    }

    @Test
    void call_whenVendorTooSlow_isTransient() {
        vendor.stubFor(get("/api/credits/balance/simple").willReturn(json(200, "{\"available\":1}").withFixedDelay(4000)));
        NemoHttpClient impatient = new NemoHttpClient(client.config().withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), tokens);
        long started = System.nanoTime();

        VendorUnavailableException error = assertThrows(VendorUnavailableException.class, impatient::credits);

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3500, "the timeout was not applied");
        assertNull(error.httpStatus());
    }

    @Test
    void call_whenConnectionReset_isTransient() {
        vendor.stubFor(get("/api/credits/balance/simple").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThrows(VendorUnavailableException.class, client::credits);
    }

    @Test
    void call_whenNothingListens_isTransient() {
        NemoHttpClient nowhere = new NemoHttpClient(dev.photoreel.workflow.testing.TestEnvironment.nemo(URI.create("http://127.0.0.1:9"), "c")
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), tokens);

        VendorUnavailableException error = assertThrows(VendorUnavailableException.class, nowhere::credits);

        assertTrue(error.getMessage().contains("retry"), error.getMessage());
    }

    // ------------------------------------------------------------------ tokens and headers

    @Test
    void tokenRejected_renewsOnceAndRetries() {
        vendor.stubFor(get("/api/credits/balance/simple").withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(json(200, "{\"code\":1001,\"message\":\"token expired\"}")));
        vendor.stubFor(get("/api/credits/balance/simple").withHeader("Authorization", equalTo("Bearer " + RENEWED))
                .willReturn(json(200, "{\"code\":0,\"data\":{\"available\":7,\"frozen\":0,\"total\":7}}")));

        Credits credits = client.credits();

        assertEquals(7, credits.available());
        assertEquals(List.of(TOKEN), tokens.rejected());
        assertEquals(2, vendor.getAllServeEvents().size());
    }

    static Stream<Arguments> tokenRejections() {
        return Stream.of(Arguments.of(200, "{\"code\":1001,\"message\":\"bad token " + TOKEN + "\"}"),
                Arguments.of(200, "{\"code\":1010,\"msg\":\"expired\"}"),
                Arguments.of(200, "{\"success\":false,\"code\":1011,\"error\":\"Bearer " + RENEWED + " revoked\"}"),
                Arguments.of(401, "{\"detail\":\"Unauthorized " + RENEWED + "\"}"));
    }

    @ParameterizedTest
    @MethodSource("tokenRejections")
    void tokenRejectedTwice_throwsInvalidTokenWithoutTheToken(int status, String body) {
        vendor.stubFor(get("/api/credits/balance/simple").willReturn(json(status, body)));

        InvalidTokenException error = assertThrows(InvalidTokenException.class, client::credits);

        assertEquals(List.of(TOKEN), tokens.rejected());
        assertEquals(2, vendor.getAllServeEvents().size());
        assertFalse(error.getMessage().contains(TOKEN), error.getMessage());
        assertFalse(error.getMessage().contains(RENEWED), error.getMessage());
        assertFalse(error.getMessage().contains("second-secret"), error.getMessage());
        assertTrue(error.getMessage().contains("re-authenticate"), error.getMessage());
    }

    @Test
    void everyRequest_carriesAttributionHeaders() {
        vendor.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                .willReturn(json(200, "{\"code\":0,\"data\":{\"token\":\"nmv_usr_x\",\"session_id\":\"1\",\"files\":[],"
                        + "\"available\":1,\"status\":\"pending\"}}")));
        vendor.stubFor(post("/run_sse").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("data: {\"type\":\"heartbeat\"}\n\n")));

        client.mintAnonymousToken();
        client.createSession("project", "en");
        client.uploadFiles(SID, List.of(upload("a.jpg", "image/jpeg", "J")));
        client.uploadUrls(SID, List.of("https://example.com/a.jpg"));
        client.runInstruction(SID, "make a video", Instant.now().plusSeconds(5), StreamListener.NONE);
        client.credits();
        client.sessionState(SID);
        client.submitRender("render_1", SID, Draft.parse("{\"t\":[]}"));
        client.pollRender("render_1");
        client.cancelRender("render_1");

        List<ServeEvent> events = vendor.getAllServeEvents();
        assertEquals(10, events.size());
        for (ServeEvent event : events) {
            LoggedRequest request = event.getRequest();
            assertEquals("photoreel", request.getHeader("X-Skill-Source"), request.getUrl());
            assertEquals("0.1.0", request.getHeader("X-Skill-Version"), request.getUrl());
            assertEquals("aws-lambda", request.getHeader("X-Skill-Platform"), request.getUrl());
            if (request.getUrl().equals("/api/auth/anonymous-token")) {
                assertFalse(request.containsHeader("Authorization"));
                assertEquals("client-123", request.getHeader("X-Client-Id"));
            } else {
                assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"), request.getUrl());
            }
        }
    }

    // ------------------------------------------------------------------ instruction stream over HTTP

    @Test
    void runInstruction_sendsTheFrameworkBodyAndReadsTheStream() {
        vendor.stubFor(post("/run_sse").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"content\":{\"parts\":[{\"text\":\"On it\"}]}}\n\n")));

        InstructionResult result = client.runInstruction(SID, "make a video", Instant.now().plusSeconds(10),
                StreamListener.NONE);

        assertEquals("On it", result.text());
        assertEquals(InstructionResult.StreamEnd.CLOSED_BY_SERVER, result.end());
        vendor.verify(postRequestedFor(urlEqualTo("/run_sse"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("{\"app_name\":\"nemo_agent\",\"user_id\":\"me\",\"session_id\":\"" + SID
                        + "\",\"new_message\":{\"parts\":[{\"text\":\"make a video\"}]}}")));
    }

    @Test
    void runInstruction_whenTokenRejected_renewsOnceAndRetries() {
        vendor.stubFor(post("/run_sse").withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(json(401, "{\"detail\":\"expired\"}")));
        vendor.stubFor(post("/run_sse").withHeader("Authorization", equalTo("Bearer " + RENEWED))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody("data: {\"type\":\"text\",\"content\":\"ok\"}\n\n")));

        InstructionResult result = client.runInstruction(SID, "go", Instant.now().plusSeconds(10), StreamListener.NONE);

        assertEquals("ok", result.text());
        assertEquals(List.of(TOKEN), tokens.rejected());
    }

    @Test
    void runInstruction_whenVendorFails_throwsTypedError() {
        vendor.stubFor(post("/run_sse").willReturn(json(503, "{\"message\":\"down\"}")));

        assertThrows(VendorUnavailableException.class,
                () -> client.runInstruction(SID, "go", Instant.now().plusSeconds(10), StreamListener.NONE));
    }

    @Test
    void runInstruction_whenJsonErrorEnvelopeInsteadOfStream_throwsTypedError() {
        vendor.stubFor(post("/run_sse").willReturn(json(200, "{\"code\":2001,\"message\":\"no credits\"}")));

        assertThrows(InsufficientCreditsException.class,
                () -> client.runInstruction(SID, "go", Instant.now().plusSeconds(10), StreamListener.NONE));
    }

    @Test
    void runInstruction_whenSessionUnknown_throwsSessionNotFound() {
        vendor.stubFor(post("/run_sse").willReturn(json(404, "{\"detail\":\"Session not found: " + SID + "\"}")));

        assertThrows(SessionNotFoundException.class,
                () -> client.runInstruction(SID, "go", Instant.now().plusSeconds(10), StreamListener.NONE));
    }

    // ------------------------------------------------------------------ helpers

    private static Arguments row(String name, Consumer<NemoHttpClient> call, int status, String body,
                                 Class<? extends NemoException> type, String... messageParts) {
        return Arguments.of(name, call, status, body, type, messageParts);
    }

    private static Consumer<NemoHttpClient> call(Consumer<NemoHttpClient> call) {
        return call;
    }

    static FileUpload upload(String name, String type, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new FileUpload(name, type, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @SuppressWarnings("unused")
    private static <T> Function<NemoHttpClient, T> unused(Function<NemoHttpClient, T> f) {
        return f;
    }
}
