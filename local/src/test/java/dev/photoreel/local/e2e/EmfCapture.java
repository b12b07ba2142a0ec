package dev.photoreel.local.e2e;

import dev.photoreel.workflow.testing.EmfLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * The EMF metrics the stack's functions write on standard output while something runs, as Lambda's log would have
 * them (the stack forwards each function's output to this JVM's). The output still reaches where it went before.
 */
final class EmfCapture {

    /** What {@code run} returned, and the metrics written meanwhile. */
    record Captured<T>(T result, List<EmfLines.Metric> metrics) {
    }

    private EmfCapture() {
    }

    static <T> Captured<T> during(Supplier<T> run) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        T result;
        try {
            result = run.get();
        } finally {
            System.setOut(original);
        }
        return new Captured<>(result, EmfLines.metrics(captured.toString(StandardCharsets.UTF_8)));
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
