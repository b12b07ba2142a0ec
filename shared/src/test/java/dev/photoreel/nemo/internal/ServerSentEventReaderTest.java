package dev.photoreel.nemo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.InstructionResult.StreamEnd;
import dev.photoreel.nemo.InstructionResult.ToolCall;
import dev.photoreel.nemo.StreamListener.StreamEvent;
import dev.photoreel.nemo.StreamListener.StreamEvent.Kind;
import dev.photoreel.nemo.exceptions.InsufficientCreditsException;
import dev.photoreel.nemo.exceptions.InvalidTokenException;
import dev.photoreel.nemo.exceptions.VendorRejectedException;
import dev.photoreel.nemo.exceptions.VendorUnavailableException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every event form of the contract, read from an in-memory stream. */
class ServerSentEventReaderTest {

    private static final String TOKEN = "nmv_usr_reader-secret";

    private final List<StreamEvent> events = new ArrayList<>();

    @Test
    void typedEvents_textDeltasJoinedAndToolCallsKept() {
        InstructionResult result = read("""
                data: {"type":"text","content":"Hel"}

                data: {"type":"text","content":"lo!"}

                data: {"type":"tool_call","id":"t1","name":"set_ratio","args":{"ratio":"9:16"}}

                data: {"type":"tool_result","name":"set_ratio","result":{"ok":true}}

                data: {"type":"heartbeat"}

                """);

        assertEquals("Hello!", result.text());
        assertEquals(List.of(new ToolCall("t1", "set_ratio", "{\"ratio\":\"9:16\"}")), result.toolCalls());
        assertEquals(StreamEnd.CLOSED_BY_SERVER, result.end());
        assertNull(result.error());
        assertEquals(List.of(Kind.TEXT, Kind.TEXT, Kind.TOOL_CALL, Kind.TOOL_RESULT, Kind.KEEP_ALIVE), kinds());
    }

    @Test
    void frameworkEvents_skipThoughtsAndReplacePartialsWithTheFinalEvent() {
        InstructionResult result = read("""
                data: {"content":{"role":"model","parts":[{"thought":true,"text":"I should not be shown"}]},"author":"nemo","id":"e1","timestamp":1.7e9}

                data: {"content":{"role":"model","parts":[{"text":"Your video "}]},"partial":true}

                data: {"content":{"role":"model","parts":[{"text":"is ready."}]},"partial":true}

                data: {"content":{"role":"model","parts":[{"text":"Your video is ready."},{"functionCall":{"id":"c1","name":"export","args":{}}}]},"partial":false}

                data: {"content":{"role":"user","parts":[{"functionResponse":{"id":"c1","name":"export","response":{"status":"ok"}}}]}}

                data: {"content":{"parts":[{"text":"I encountered a temporary issue"}]},"turnComplete":true}

                """);

        assertEquals("Your video is ready.\nI encountered a temporary issue", result.text());
        assertFalse(result.text().contains("should not"));
        assertEquals(List.of(new ToolCall("c1", "export", "{}")), result.toolCalls());
        assertNull(result.error(), "a trailing temporary-issue text is not by itself a failure");
        assertTrue(kinds().contains(Kind.THOUGHT));
    }

    @Test
    void partialsWithoutFinalEvent_areKept() {
        InstructionResult result = read("""
                data: {"content":{"parts":[{"text":"Half "}]},"partial":true}

                data: {"content":{"parts":[{"text":"said"}]},"partial":true}

                """);

        assertEquals("Half said", result.text());
    }

    @Test
    void keepAlives_inEveryFormSayNothing() {
        InstructionResult result = read("""
                : ping

                data:

                data: {}

                data: {"author":"nemo","id":"e2","turnComplete":false}

                event: heartbeat
                data: {"ts":1}

                id: 7
                retry: 1000

                """);

        assertEquals("", result.text());
        assertTrue(result.toolCalls().isEmpty());
        assertNull(result.error());
        assertEquals(List.of(Kind.KEEP_ALIVE, Kind.KEEP_ALIVE, Kind.KEEP_ALIVE, Kind.KEEP_ALIVE, Kind.KEEP_ALIVE), kinds());
    }

    @Test
    void multiLineData_isJoinedPerTheSpec() {
        InstructionResult result = read("data: {\"content\":\ndata:  {\"parts\":[{\"text\":\"two\\nlines\"}]}}\n\n");

        assertEquals("two\nlines", result.text());
    }

    @Test
    void eventsWithoutBlankLinesBetween_areStillRead() {
        InstructionResult result = read("data: {\"type\":\"text\",\"content\":\"a\"}\ndata: {\"type\":\"text\",\"content\":\"b\"}\n");

        assertEquals("ab", result.text());
    }

    @Test
    void crlfAndCrLineEndings_areAccepted() {
        InstructionResult result = read("data: {\"type\":\"text\",\"content\":\"x\"}\r\n\r\ndata: {\"type\":\"text\",\"content\":\"y\"}\r\r");

        assertEquals("xy", result.text());
    }

    @Test
    void errorField_isReportedAndReadingGoesOn() {
        InstructionResult result = read("""
                data: {"error":"model refused the request"}

                data: {"type":"text","content":"after"}

                """);

        VendorRejectedException error = assertInstanceOf(VendorRejectedException.class, result.error());
        assertTrue(error.getMessage().contains("model refused the request"), error.getMessage());
        assertEquals("after", result.text());
        assertTrue(kinds().contains(Kind.ERROR));
    }

    @Test
    void errorCodeAndMessage_transientOnesAreTransient() {
        InstructionResult result = read("""
                data: {"errorCode":"UNAVAILABLE","errorMessage":"503 model overloaded","author":"nemo"}

                """);

        assertInstanceOf(VendorUnavailableException.class, result.error());
    }

    @Test
    void numericErrorCodes_mapThroughTheErrorTable() {
        assertInstanceOf(InsufficientCreditsException.class,
                read("data: {\"errorCode\":\"2001\",\"errorMessage\":\"no credits\"}\n\n").error());
        assertInstanceOf(InvalidTokenException.class,
                read("data: {\"error\":{\"code\":1001,\"message\":\"token " + TOKEN + " expired\"}}\n\n").error());
    }

    @Test
    void typedErrorEvent_isReported() {
        InstructionResult result = read("data: {\"type\":\"error\",\"content\":\"bad media\"}\n\n");

        assertInstanceOf(VendorRejectedException.class, result.error());
        assertTrue(result.error().getMessage().contains("bad media"));
    }

    @Test
    void errorMessages_neverCarryTheToken() {
        InstructionResult result = read("data: {\"error\":\"Bearer " + TOKEN + " is not valid\"}\n\n");

        assertFalse(result.error().getMessage().contains(TOKEN), result.error().getMessage());
        events.forEach(event -> assertFalse(event.description().contains(TOKEN)));
    }

    @Test
    void dataWithoutFinalBlankLine_isDispatchedWhenTheServerCloses() {
        InstructionResult result = read("data: {\"type\":\"text\",\"content\":\"last words\"}");

        assertEquals("last words", result.text());
    }

    @Test
    void nonJsonData_isIgnored() {
        InstructionResult result = read("data: [DONE]\n\n");

        assertEquals("", result.text());
        assertNull(result.error());
        assertEquals(List.of(Kind.OTHER), kinds());
    }

    @Test
    void aFailingListener_doesNotStopTheStream() {
        ErrorContext context = ErrorContext.of(Operation.RUN_INSTRUCTION, 1).withSecret(TOKEN);
        StreamEventInterpreter interpreter = new StreamEventInterpreter(event -> {
            throw new IllegalStateException("listener broke");
        }, context);

        InstructionResult result = new ServerSentEventReader(context).read(stream(
                "data: {\"type\":\"text\",\"content\":\"still here\"}\n\n"), Instant.now().plusSeconds(10), interpreter);

        assertEquals("still here", result.text());
    }

    private InstructionResult read(String body) {
        ErrorContext context = ErrorContext.of(Operation.RUN_INSTRUCTION, 1).withSecret(TOKEN);
        StreamEventInterpreter interpreter = new StreamEventInterpreter(events::add, context);
        return new ServerSentEventReader(context).read(stream(body), Instant.now().plusSeconds(10), interpreter);
    }

    private static ByteArrayInputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private List<Kind> kinds() {
        return events.stream().map(StreamEvent::kind).toList();
    }
}
