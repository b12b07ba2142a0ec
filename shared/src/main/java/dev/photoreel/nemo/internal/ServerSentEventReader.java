package dev.photoreel.nemo.internal;

import dev.photoreel.nemo.InstructionResult;
import dev.photoreel.nemo.InstructionResult.StreamEnd;
import dev.photoreel.nemo.exceptions.NemoException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code text/event-stream} body line by line until the server closes it or the caller's
 * deadline passes, whichever comes first. The body is never buffered whole.
 *
 * <p>A daemon thread does the blocking reads and hands lines over a small queue; the calling thread
 * parses them and waits on the queue no longer than the deadline. So a server that stalls without
 * sending a byte still gives the caller back its thread at the deadline: the body is then closed
 * (which closes the connection) and the result says {@link StreamEnd#CUT_AT_DEADLINE}.
 *
 * <p>Parsing follows the SSE specification: {@code data:} lines are joined with a newline until a
 * blank line dispatches the event; one space after the colon is dropped; lines starting with
 * {@code :} are comments (keep-alives); {@code event:} names the event; {@code id:}/{@code retry:}
 * are ignored; CR, LF and CRLF all end a line. Data left without its blank line when the server
 * closes is still dispatched (tolerance); data left when the deadline cuts the stream is dropped.
 *
 * <p>A connection failure after the stream opened (a reset mid-stream): when the stream had already
 * shown activity (text or tool calls), the edit most likely went on at the vendor, so the result is
 * returned ({@link StreamEnd#CLOSED_BY_SERVER}) with a transient
 * {@link dev.photoreel.nemo.exceptions.VendorUnavailableException} as its error and the caller checks
 * the session state; with no activity at all it is thrown, as a transient error.
 */
public final class ServerSentEventReader {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSentEventReader.class);
    private static final int QUEUE_CAPACITY = 256;

    private final ErrorContext context;

    public ServerSentEventReader(ErrorContext context) {
        this.context = context;
    }

    public InstructionResult read(InputStream body, Instant deadline, StreamEventInterpreter interpreter) {
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        Thread readerThread = new Thread(() -> pump(body, queue), "nemo-sse-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        Instant started = Instant.now();
        EventAssembler assembler = new EventAssembler(interpreter);
        StreamEnd end = null;
        IOException failure = null;
        try {
            while (end == null) {
                long waitMillis = Duration.between(Instant.now(), deadline).toMillis();
                Item item = waitMillis <= 0 ? null : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (item == null) {
                    end = StreamEnd.CUT_AT_DEADLINE;
                } else if (item.line() != null) {
                    assembler.line(item.line());
                } else {
                    assembler.endOfStream();
                    failure = item.failure();
                    end = StreamEnd.CLOSED_BY_SERVER;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = StreamEnd.CUT_AT_DEADLINE;
        } finally {
            closeQuietly(body);
            readerThread.interrupt();
        }
        LOG.atInfo().addKeyValue("end", end).addKeyValue("events", interpreter.events())
                .addKeyValue("keepAlives", interpreter.keepAlives())
                .addKeyValue("durationMs", Duration.between(started, Instant.now()).toMillis())
                .log("NemoVideo instruction stream finished");
        if (failure == null) {
            return interpreter.result(end, null);
        }
        NemoException reset = VendorErrors.unavailable(context, "the stream broke after "
                + interpreter.events() + " events: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
        if (interpreter.sawActivity()) {
            return interpreter.result(end, reset);
        }
        throw reset;
    }

    /** Reads lines into the queue; ends with an end-of-stream item carrying the failure, if any. */
    private static void pump(InputStream body, BlockingQueue<Item> queue) {
        IOException failure = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                queue.put(new Item(line, null));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            return; // the caller stopped reading
        }
        try {
            queue.put(new Item(null, failure));
        } catch (InterruptedException ignored) {
            // the caller stopped reading
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            LOG.atDebug().setCause(e).log("Closing the instruction stream failed");
        }
    }

    /** A line, or (line null) the end of the stream with its failure, if any. */
    private record Item(String line, IOException failure) {
    }

    /** Turns lines into events per the SSE specification. */
    static final class EventAssembler {
        private final StreamEventInterpreter interpreter;
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;
        private String eventName;

        EventAssembler(StreamEventInterpreter interpreter) {
            this.interpreter = interpreter;
        }

        void line(String line) {
            if (line.isEmpty()) {
                dispatch();
                return;
            }
            if (line.charAt(0) == ':') {
                interpreter.comment();
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData = true;
                }
                case "event" -> eventName = value;
                default -> {
                    // id, retry and unknown fields: ignored
                }
            }
        }

        void endOfStream() {
            if (hasData) {
                dispatch();
            }
        }

        private void dispatch() {
            if (hasData) {
                interpreter.event(eventName, data.toString());
            }
            data.setLength(0);
            hasData = false;
            eventName = null;
        }
    }
}
