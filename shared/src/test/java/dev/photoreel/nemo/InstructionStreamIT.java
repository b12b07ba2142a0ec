package dev.photoreel.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.InstructionResult.StreamEnd;
import dev.photoreel.nemo.StreamListener.StreamEvent;
import dev.photoreel.nemo.StreamListener.StreamEvent.Kind;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The instruction stream over a real socket: chunks cut mid-line, stalls past the deadline, resets. */
class InstructionStreamIT {

    private static final String TOKEN = "nmv_usr_stream-secret";
    private static final String SID = "5550001";

    private final List<StreamEvent> events = new CopyOnWriteArrayList<>();
    private ScriptedSseServer server;

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runInstruction_whenEventsSplitAcrossChunksMidLine_readsEveryEvent() throws Exception {
        String stream = ": keep-alive\n\n"
                + "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"thought\":true,\"text\":\"secret plan\"}]},\"author\":\"nemo\",\"partial\":false}\n\n"
                + "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Building your vid\"}]},\"partial\":true}\n\n"
                + "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"eo – café ✓\"}]},\"partial\":true}\r\n\r\n"
                + "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Building your video – café ✓\"}]},\"partial\":false}\n\n"
                + "data: {\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"fc1\",\"name\":\"add_media\",\"args\":{\"n\":3}}}]}}\n\n"
                + "data: {\"content\":{\"parts\":[{\"functionResponse\":{\"id\":\"fc1\",\"name\":\"add_media\",\"response\":{\"ok\":true}}}]}}\n\n"
                + "data:\n\n"
                + "data: {\"content\":{\"parts\":[{\"text\":\"Done! Click Export to download.\"}]},\"turnComplete\":true}\n\n";
        server = new ScriptedSseServer().chunked(stream, 7, 1).start();

        InstructionResult result = client(server).runInstruction(SID, "make a video", Instant.now().plusSeconds(20),
                events::add);

        assertEquals(StreamEnd.CLOSED_BY_SERVER, result.end());
        assertNull(result.error());
        assertEquals("Building your video – café ✓\nDone! Click Export to download.", result.text());
        assertEquals(List.of(new InstructionResult.ToolCall("fc1", "add_media", "{\"n\":3}")), result.toolCalls());
        assertTrue(kinds().containsAll(List.of(Kind.KEEP_ALIVE, Kind.THOUGHT, Kind.TEXT, Kind.TOOL_CALL, Kind.TOOL_RESULT)));
        String head = server.requestHead();
        assertTrue(head.startsWith("POST /run_sse HTTP/1.1"), head);
        assertTrue(head.contains("Accept: text/event-stream"), head);
        assertTrue(head.contains("Authorization: Bearer " + TOKEN), head);
        assertTrue(head.contains("X-Skill-Source: photoreel"), head);
    }

    @Test
    void runInstruction_whenServerStallsPastDeadline_returnsCutPromptlyAndClosesConnection() throws Exception {
        server = new ScriptedSseServer()
                .send("data: {\"type\":\"text\",\"content\":\"Working on it\"}\n\n")
                .stall().start();
        Instant deadline = Instant.now().plusMillis(1500);

        InstructionResult result = client(server).runInstruction(SID, "make a video", deadline, events::add);

        Duration late = Duration.between(deadline, Instant.now());
        assertEquals(StreamEnd.CUT_AT_DEADLINE, result.end());
        assertTrue(late.toMillis() < 1000, "returned " + late.toMillis() + " ms after the deadline");
        assertEquals("Working on it", result.text());
        assertNull(result.error());
        assertTrue(server.awaitClientClosed(10), "the client did not close the connection after the deadline");
    }

    @Test
    void runInstruction_whenHeadersNeverComeBeforeDeadline_returnsCut() throws Exception {
        server = new ScriptedSseServer().withoutHeaders().start();
        Instant deadline = Instant.now().plusMillis(1000);

        InstructionResult result = client(server).runInstruction(SID, "make a video", deadline, events::add);

        assertEquals(StreamEnd.CUT_AT_DEADLINE, result.end());
        assertTrue(Duration.between(deadline, Instant.now()).toMillis() < 1000);
        assertEquals("", result.text());
    }

    @Test
    void runInstruction_whenConnectionResetAfterActivity_returnsWhatWasSaidWithTransientError() throws Exception {
        // The reset waits until the client has seen the tool call: Linux drops unread data on a RST.
        CountDownLatch toolCallSeen = new CountDownLatch(1);
        server = new ScriptedSseServer()
                .send("data: {\"content\":{\"parts\":[{\"text\":\"Adding your photos\"}]}}\n\n")
                .send("data: {\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"add_media\",\"args\":{}}}]}}\n\n")
                .await(toolCallSeen)
                .send("data: {\"content\":{\"parts\":[{\"te")
                .reset().start();

        InstructionResult result = client(server).runInstruction(SID, "make a video", Instant.now().plusSeconds(20),
                event -> {
                    events.add(event);
                    if (event.kind() == Kind.TOOL_CALL) {
                        toolCallSeen.countDown();
                    }
                });

        assertEquals(StreamEnd.CLOSED_BY_SERVER, result.end());
        assertEquals("Adding your photos", result.text());
        assertEquals(1, result.toolCalls().size());
        VendorUnavailableException error = assertInstanceOf(VendorUnavailableException.class, result.error());
        assertTrue(error.getMessage().contains("stream broke"), error.getMessage());
    }

    @Test
    void runInstruction_whenConnectionResetBeforeAnyEvent_throwsTransient() throws Exception {
        server = new ScriptedSseServer().send(": hello\n\n").reset().start();

        assertThrows(VendorUnavailableException.class, () -> client(server)
                .runInstruction(SID, "make a video", Instant.now().plusSeconds(20), events::add));
    }

    private List<Kind> kinds() {
        return events.stream().map(StreamEvent::kind).toList();
    }

    private static NemoHttpClient client(ScriptedSseServer server) {
        NemoClientConfig config = dev.photoreel.workflow.testing.TestEnvironment.nemo(server.baseUrl(), "client-1")
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
        return new NemoHttpClient(config, new RecordingTokenSource(TOKEN));
    }
}
