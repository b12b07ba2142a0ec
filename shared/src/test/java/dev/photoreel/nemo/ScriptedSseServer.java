package dev.photoreel.nemo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP/1.1 server on a raw socket that answers one request with a scripted, chunked
 * {@code text/event-stream}: chunks cut anywhere (mid-line, mid-character), pauses between them,
 * a stall, or a connection reset. WireMock cannot cut a body mid-line on the wire; this can.
 */
final class ScriptedSseServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Step> steps = new ArrayList<>();
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean sendHeaders = true;
    private volatile String requestHead = "";
    private volatile Throwable failure;

    ScriptedSseServer() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-sse-server");
        thread.setDaemon(true);
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Sends {@code text} cut into chunks of {@code size} bytes, pausing {@code pauseMillis} between them. */
    ScriptedSseServer chunked(String text, int size, long pauseMillis) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int start = 0; start < bytes.length; start += size) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + size));
            steps.add((socket, out) -> {
                writeChunk(out, chunk);
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis); // pacing the wire, not waiting for the client
                }
            });
        }
        return this;
    }

    ScriptedSseServer send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        steps.add((socket, out) -> writeChunk(out, bytes));
        return this;
    }

    /** Sends nothing more until the client closes the connection. */
    ScriptedSseServer stall() {
        steps.add((socket, out) -> {
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // drain until the client goes away
                }
            } catch (IOException closed) {
                // the client went away
            }
            clientClosed.countDown();
            throw new StopScript();
        });
        return this;
    }

    /** Sends nothing more until {@code latch} opens (e.g. when the client has seen what was sent). */
    ScriptedSseServer await(CountDownLatch latch) {
        steps.add((socket, out) -> {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the client never got that far");
            }
        });
        return this;
    }

    /** Resets the connection (TCP RST). */
    ScriptedSseServer reset() {
        steps.add((socket, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
            throw new StopScript();
        });
        return this;
    }

    /** Never sends the response headers: the client waits for them until the connection closes. */
    ScriptedSseServer withoutHeaders() {
        sendHeaders = false;
        return this;
    }

    ScriptedSseServer start() {
        thread.start();
        return this;
    }

    boolean awaitClientClosed(long seconds) throws InterruptedException {
        return clientClosed.await(seconds, TimeUnit.SECONDS);
    }

    String requestHead() throws InterruptedException {
        finished.await(5, TimeUnit.SECONDS);
        return requestHead;
    }

    Throwable failure() {
        return failure;
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            requestHead = head;
            int length = contentLength(head);
            in.readNBytes(length);
            OutputStream out = socket.getOutputStream();
            if (sendHeaders) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else {
                steps.clear();
                stall();
            }
            try {
                for (Step step : steps) {
                    step.run(socket, out);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (StopScript stop) {
                // scripted end
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            finished.countDown();
        }
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
    }

    @FunctionalInterface
    private interface Step {
        void run(Socket socket, OutputStream out) throws Exception;
    }

    private static final class StopScript extends RuntimeException {
        StopScript() {
            super(null, null, false, false);
        }
    }
}
