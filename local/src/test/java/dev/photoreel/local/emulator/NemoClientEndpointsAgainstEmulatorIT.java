package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.photoreel.nemo.AnonymousToken;
import dev.photoreel.nemo.Credits;
import dev.photoreel.nemo.FileUpload;
import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.NemoHttpClient;
import dev.photoreel.nemo.RenderStatus;
import dev.photoreel.nemo.SessionState;
import dev.photoreel.nemo.StreamListener;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.nemo.UploadedFile;
import dev.photoreel.nemo.VendorSession;
import dev.photoreel.nemo.exceptions.ExportBlockedException;
import dev.photoreel.nemo.exceptions.FileTooLargeException;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.exceptions.MissingClientIdException;
import dev.photoreel.nemo.exceptions.RateLimitedException;
import dev.photoreel.nemo.exceptions.SessionNotFoundException;
import dev.photoreel.nemo.exceptions.UnsupportedFileException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import dev.photoreel.workflow.Poll;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real client ({@link NemoHttpClient}) against the emulator over real HTTP: every endpoint and
 * every row of the contract's error table. Renders use a stand-in engine here (fast); the real
 * render is in {@link NemoClientAgainstEmulatorIT}.
 */
class NemoClientEndpointsAgainstEmulatorIT {

    private static final byte[] FAKE_MP4 = "fake mp4 bytes".getBytes();
    private static final long EMULATOR_LIMIT = 64 * 1024;

    private NemoEmulator emulator;
    private NemoClientConfig config;
    private MintingTokenSource tokens;
    private NemoHttpClient client;
    private String clientId;

    @BeforeEach
    void start() throws IOException {
        emulator = NemoEmulator.start(EmulatorOptions.builder().sseEventDelay(Duration.ofMillis(2))
                .keepAliveInterval(Duration.ofMillis(50)).maxFileBytes(EMULATOR_LIMIT)
                .renderEngine((timeline, output) -> {
                    try {
                        Files.write(output, FAKE_MP4);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).build());
        clientId = UUID.randomUUID().toString();
        config = dev.photoreel.workflow.testing.TestEnvironment.nemo(emulator.baseUri(), clientId)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30))
                .withSkillPlatform("local");
        tokens = new MintingTokenSource(config);
        client = new NemoHttpClient(config, tokens);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static FileUpload file(String name, byte[] bytes) {
        return new FileUpload(name, "application/octet-stream", bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    private VendorSession sessionWithImages() {
        VendorSession session = client.createSession("project", "en");
        client.uploadFiles(session.sessionId(), List.of(file("red.jpg", TestMedia.jpeg(64, 48, Color.RED)),
                file("blue.png", TestMedia.png(64, 48, Color.BLUE)), file("song.wav", TestMedia.wav(1))));
        return session;
    }

    private InstructionResult instruct(VendorSession session, String text) {
        return client.runInstruction(session.sessionId(), text, Instant.now().plusSeconds(20), StreamListener.NONE);
    }

    private RenderStatus pollUntilFinished(String renderId) {
        return Poll.until(Duration.ofSeconds(20), Duration.ofMillis(20),
                () -> Optional.of(client.pollRender(renderId)).filter(s -> s.isComplete() || s.isFailed()))
                .orElseThrow(() -> new AssertionError("render " + renderId + " did not finish in time"));
    }

    // ---------------------------------------------------------------- every endpoint

    @Test
    void mint_returnsATokenBoundToTheClientId() {
        AnonymousToken token = new NemoHttpClient(config, null).mintAnonymousToken();
        assertTrue(token.token().startsWith("nmv_usr_"));
        assertTrue(token.userId().startsWith("anon_"));
        assertEquals(100, token.credits());
        assertTrue(token.expiresAt().isAfter(Instant.now().plus(Duration.ofDays(6))));
        assertEquals(1, emulator.tokensMinted(clientId));
        assertFalse(token.toString().contains(token.token()));
    }

    @Test
    void everyEndpoint_sessionUploadInstructionStateCreditsRenderPollDownloadCancel() throws Exception {
        VendorSession session = client.createSession("project", "en");
        assertTrue(session.taskId().startsWith("task_"));
        List<UploadedFile> files = client.uploadFiles(session.sessionId(), List.of(
                file("red.jpg", TestMedia.jpeg(64, 48, Color.RED)), file("song.wav", TestMedia.wav(1.25))));
        assertEquals("image", files.get(0).fileType());
        assertEquals(64, files.get(0).width());
        assertEquals(48, files.get(0).height());
        assertEquals("audio", files.get(1).fileType());
        assertEquals(1.25, files.get(1).duration(), 0.01);
        assertEquals(64, files.get(0).hash().length());

        byte[] green = TestMedia.png(40, 40, Color.GREEN);
        HttpServer bucket = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bucket.createContext("/b/", ex -> {
            ex.sendResponseHeaders(200, green.length);
            ex.getResponseBody().write(green);
            ex.close();
        });
        bucket.start();
        try {
            List<UploadedFile> byUrl = client.uploadUrls(session.sessionId(), List.of("http://127.0.0.1:"
                    + bucket.getAddress().getPort() + "/b/uploads/job/green.png?X-Amz-Signature=secret"));
            assertEquals("green.png", byUrl.get(0).filename());
            assertEquals(40, byUrl.get(0).width());
        } finally {
            bucket.stop(0);
        }

        List<StreamListener.StreamEvent> seen = new ArrayList<>();
        InstructionResult result = client.runInstruction(session.sessionId(),
                "Make a 16:9 slideshow titled \"Trip\", 2 seconds per image", Instant.now().plusSeconds(20), seen::add);
        assertEquals(InstructionResult.StreamEnd.CLOSED_BY_SERVER, result.end());
        assertNull(result.error());
        assertTrue(result.text().contains("click Export"), result.text());
        assertFalse(result.text().contains("The user wants"), "thought parts are skipped");
        assertTrue(result.toolCalls().stream().anyMatch(c -> c.name().equals("edit_timeline")));
        assertTrue(seen.stream().anyMatch(e -> e.kind() == StreamListener.StreamEvent.Kind.KEEP_ALIVE));

        Credits credits = client.credits();
        assertEquals(92, credits.available());
        assertEquals(credits.available() + credits.frozen(), credits.total());

        SessionState state = client.sessionState(session.sessionId());
        assertTrue(state.hasExportableDraft());
        assertEquals(session.taskId(), state.taskId());
        assertEquals(2, state.draft().toJson().path("t").get(0).path("sg").size());

        RenderStatus submitted = client.submitRender("render_" + System.nanoTime(), session.sessionId(), state.draft());
        assertEquals(RenderStatus.State.PENDING, submitted.state());
        RenderStatus done = pollUntilFinished(submitted.renderId());
        assertTrue(done.isComplete(), String.valueOf(done));
        try (InputStream in = client.openDownload(submitted.renderId())) {
            assertEquals(new String(FAKE_MP4), new String(in.readAllBytes()));
        }
        assertTrue(client.downloadUrl(submitted.renderId()).toString().startsWith(emulator.baseUrl()));

        emulator.faults().renderFailure(RenderFailure.NEVER_FINISH);
        RenderStatus never = client.submitRender("render_cancel", session.sessionId(), state.draft());
        client.cancelRender(never.renderId());
        RenderStatus cancelled = client.pollRender(never.renderId());
        assertTrue(cancelled.isFailed());
        assertTrue(cancelled.error().contains("cancelled"));
    }

    @Test
    void pollRender_readsEveryPollShape() {
        VendorSession session = sessionWithImages();
        instruct(session, "go");
        SessionState state = client.sessionState(session.sessionId());
        for (PollShape shape : PollShape.values()) {
            emulator.faults().pollShape(shape);
            RenderStatus submitted = client.submitRender("render_" + shape, session.sessionId(), state.draft());
            RenderStatus done = pollUntilFinished(submitted.renderId());
            assertTrue(done.isComplete(), shape + ": " + done);
            assertTrue(done.outputUrl().startsWith(emulator.baseUrl() + "/files/"), shape + ": " + done);
        }
        emulator.faults().renderFailure(RenderFailure.FAIL);
        RenderStatus failed = pollUntilFinished(client.submitRender("render_fail", session.sessionId(), state.draft()).renderId());
        assertTrue(failed.isFailed());
        assertNotNull(failed.error());
    }

    @Test
    void runInstruction_inTypedDialectAndSilent_givesNoTextButTheDraftIsThere() {
        VendorSession session = sessionWithImages();
        emulator.faults().dialect(SseDialect.TYPED);
        InstructionResult typed = instruct(session, "make it square");
        assertFalse(typed.text().isBlank());
        assertTrue(typed.toolCalls().size() >= 2);
        emulator.faults().silent(true);
        InstructionResult silent = instruct(session, "make it vertical");
        assertEquals("", silent.text());
        assertEquals(InstructionResult.StreamEnd.CLOSED_BY_SERVER, silent.end());
        SessionState state = client.sessionState(session.sessionId());
        assertTrue(state.hasExportableDraft());
        assertEquals(1920, state.draft().toJson().path("m").path("height").asInt());
    }

    @Test
    void runInstruction_thatStalls_isCutAtTheCallersDeadline() {
        VendorSession session = sessionWithImages();
        emulator.faults().stallNextStreams(1, Duration.ofSeconds(30), true);
        long start = System.nanoTime();
        InstructionResult result = client.runInstruction(session.sessionId(), "go", Instant.now().plusSeconds(2),
                StreamListener.NONE);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(InstructionResult.StreamEnd.CUT_AT_DEADLINE, result.end());
        assertTrue(tookMs < 6000, "returned at the deadline, took " + tookMs + " ms");
        assertTrue(client.sessionState(session.sessionId()).hasExportableDraft(), "the edit happened before the stall");
    }

    @Test
    void runInstruction_cutMidEvent_returnsATransientErrorAndTheEditIsInTheState() {
        VendorSession session = sessionWithImages();
        emulator.faults().cutNextStreams(1);
        InstructionResult result = instruct(session, "go");
        assertTrue(result.error() instanceof VendorUnavailableException, String.valueOf(result.error()));
        assertTrue(client.sessionState(session.sessionId()).hasExportableDraft());
    }

    @Test
    void runInstruction_withAnInStreamError_reportsIt() {
        VendorSession session = sessionWithImages();
        emulator.faults().errorInNextStreams(1);
        InstructionResult result = instruct(session, "go");
        assertNotNull(result.error());
        assertFalse(client.sessionState(session.sessionId()).hasExportableDraft());
    }

    // ---------------------------------------------------------------- the error table

    @Test
    void error1001_expiredToken_isRenewedOnceAndTheCallSucceeds() {
        client.credits();
        assertEquals(1, emulator.expireAllTokens());
        Credits credits = client.credits();
        assertEquals(100, credits.available());
        assertEquals(1, tokens.renewals());
        assertEquals(2, emulator.tokensMinted(clientId));
    }

    @Test
    void error1001_rejectedTwice_isInvalidToken_inEveryAuthErrorStyle() {
        TokenSource bad = new TokenSource() {
            @Override
            public String currentToken() {
                return "nmv_usr_forged";
            }

            @Override
            public String renewAfterRejection(String rejectedToken) {
                return "nmv_usr_forged_again";
            }
        };
        NemoHttpClient forged = new NemoHttpClient(config, bad);
        for (AuthErrorStyle style : AuthErrorStyle.values()) {
            emulator.faults().authErrorStyle(style);
            InvalidTokenException e = assertThrows(InvalidTokenException.class, forged::credits, style.name());
            assertFalse(e.getMessage().contains("nmv_usr_forged"), "the token never appears in a message");
        }
    }

    @Test
    void error1002_unknownSession_isSessionNotFound_inBothStyles() {
        client.credits();
        assertThrows(SessionNotFoundException.class, () -> client.sessionState("1234567890123456789"));
        emulator.faults().sessionErrorStyle(SessionErrorStyle.HTTP_404);
        SessionNotFoundException e = assertThrows(SessionNotFoundException.class,
                () -> client.uploadFiles("1234567890123456789", List.of(file("a.png", TestMedia.png(4, 4, Color.RED)))));
        assertEquals(404, e.httpStatus());
    }

    @Test
    void dropSessionsAfterInstruction_losesTheSessionOnceItsEditIsApplied_andOnlyThatMany() {
        emulator.faults().dropSessionsAfterInstruction(1);
        VendorSession first = sessionWithImages();
        instruct(first, "go");
        assertThrows(SessionNotFoundException.class, () -> client.sessionState(first.sessionId()));
        assertEquals(1, emulator.sessionsDropped());

        VendorSession second = sessionWithImages();
        instruct(second, "go");
        assertTrue(client.sessionState(second.sessionId()).hasExportableDraft(), "the fault was used up");
    }

    @Test
    void error2001_noCredits_isInsufficientCredits() {
        VendorSession session = sessionWithImages();
        emulator.setAvailableCredits(0);
        assertThrows(InsufficientCreditsException.class, () -> instruct(session, "go"));
        assertEquals(0, client.credits().available());
    }

    @Test
    void error2001_creditsRunOutAfterEnoughInstructions() {
        VendorSession session = sessionWithImages();
        int done = 0;
        while (done < 20) {
            try {
                instruct(session, "go");
                done++;
            } catch (InsufficientCreditsException e) {
                break;
            }
        }
        assertEquals(12, done, "100 credits at 8 per instruction");
    }

    @Test
    void error4001_textFileNamedJpg_isUnsupportedFileNamingItAndTheFormats() {
        VendorSession session = client.createSession("project", "en");
        UnsupportedFileException e = assertThrows(UnsupportedFileException.class, () -> client.uploadFiles(
                session.sessionId(), List.of(file("holiday.jpg", TestMedia.text("just some text, not a photo")))));
        assertEquals(4001, e.vendorCode());
        assertTrue(e.getMessage().contains("holiday.jpg"), e.getMessage());
        assertTrue(e.getMessage().contains("webp"), e.getMessage());
    }

    @Test
    void error4002_fileOverTheVendorsLimit_isFileTooLarge() {
        VendorSession session = client.createSession("project", "en");
        byte[] big = new byte[(int) EMULATOR_LIMIT + 1];
        byte[] png = TestMedia.png(4, 4, Color.RED);
        System.arraycopy(png, 0, big, 0, png.length);
        FileTooLargeException e = assertThrows(FileTooLargeException.class,
                () -> client.uploadFiles(session.sessionId(), List.of(file("huge.png", big))));
        assertEquals(4002, e.vendorCode());
        assertTrue(e.getMessage().contains("huge.png"), e.getMessage());
    }

    @Test
    void http400_onTheTokenRequest_isMissingClientId() {
        emulator.faults().failNext(Endpoint.TOKEN, 400, 1);
        assertThrows(MissingClientIdException.class, () -> new NemoHttpClient(config, null).mintAnonymousToken());
    }

    @Test
    void http402_exportBlockedByThePlan_isExportBlocked() {
        VendorSession session = sessionWithImages();
        instruct(session, "go");
        SessionState state = client.sessionState(session.sessionId());
        emulator.faults().blockExports(true);
        ExportBlockedException e = assertThrows(ExportBlockedException.class,
                () -> client.submitRender("render_402", session.sessionId(), state.draft()));
        assertEquals(402, e.httpStatus());
        assertTrue(e.getMessage().contains("register or upgrade the plan"), e.getMessage());
    }

    @Test
    void http429_secondTokenForTheClient_isRateLimitedWithRetryAfter() {
        new NemoHttpClient(config, null).mintAnonymousToken();
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> new NemoHttpClient(config, null).mintAnonymousToken());
        assertEquals(429, e.httpStatus());
        assertTrue(e.retryAfter().orElseThrow().toDays() >= 6, String.valueOf(e.retryAfter()));
        assertEquals(1, emulator.tokensMinted(clientId));
    }

    @Test
    void http429_injectedOnAnEndpoint_isRateLimited() {
        client.credits();
        emulator.faults().failNext(Endpoint.SESSION, 429, 1);
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> client.createSession("project", "en"));
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertNotNull(client.createSession("project", "en"));
    }

    @Test
    void http5xx_isVendorUnavailable_onEveryEndpoint() {
        VendorSession session = sessionWithImages();
        instruct(session, "go");
        SessionState state = client.sessionState(session.sessionId());
        emulator.faults().failNext(Endpoint.CREDITS, 503, 1);
        assertThrows(VendorUnavailableException.class, client::credits);
        emulator.faults().failNext(Endpoint.STATE, 500, 1);
        assertThrows(VendorUnavailableException.class, () -> client.sessionState(session.sessionId()));
        emulator.faults().failNext(Endpoint.RUN_SSE, 502, 1);
        assertThrows(VendorUnavailableException.class, () -> instruct(session, "go"));
        emulator.faults().failNext(Endpoint.RENDER_SUBMIT, 503, 1);
        assertThrows(VendorUnavailableException.class, () -> client.submitRender("render_a", session.sessionId(), state.draft()));
        emulator.faults().failNext(Endpoint.UPLOAD, 504, 1);
        assertThrows(VendorUnavailableException.class, () -> client.uploadFiles(session.sessionId(),
                List.of(file("a.png", TestMedia.png(4, 4, Color.RED)))));
        RenderStatus ok = client.submitRender("render_b", session.sessionId(), state.draft());
        emulator.faults().failNext(Endpoint.RENDER_POLL, 503, 1);
        assertThrows(VendorUnavailableException.class, () -> client.pollRender(ok.renderId()));
        assertNotNull(client.pollRender(ok.renderId()));
    }

    @Test
    void duplicateRenderId_isRefused() {
        VendorSession session = sessionWithImages();
        instruct(session, "go");
        SessionState state = client.sessionState(session.sessionId());
        client.submitRender("render_same", session.sessionId(), state.draft());
        VendorRejectedException e = assertThrows(VendorRejectedException.class,
                () -> client.submitRender("render_same", session.sessionId(), state.draft()));
        assertEquals(409, e.httpStatus());
    }
}
