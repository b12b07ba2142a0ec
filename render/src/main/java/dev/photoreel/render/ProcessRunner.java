package dev.photoreel.render;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external executable with a timeout, collecting stdout, stderr (up to {@link #STDERR_MAX_CHARS}) and
 * the last lines of stderr.
 */
final class ProcessRunner {

    static final int STDERR_TAIL_LINES = 20;
    static final int STDERR_MAX_CHARS = 1 << 20;

    private ProcessRunner() {
    }

    /**
     * @param stderr     stderr as text, its first {@link #STDERR_MAX_CHARS} characters
     * @param stderrTail the last {@link #STDERR_TAIL_LINES} lines of stderr
     */
    record Result(int exitCode, byte[] stdout, String stderr, String stderrTail, boolean timedOut) {
        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    static Result run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new RenderException("could not start " + command.get(0) + ": " + e.getMessage()
                    + " (check " + FfmpegLocator.FFMPEG_ENV + " or the bundled ffmpeg's cache folder)", e);
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Deque<String> tail = new ArrayDeque<>();
        StringBuilder stderr = new StringBuilder();
        Thread outReader = start(() -> copy(process.getInputStream(), stdout), "ffmpeg-stdout");
        Thread errReader = start(() -> keep(process.getErrorStream(), stderr, tail), "ffmpeg-stderr");
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(TimeUnit.SECONDS.toMillis(10));
            errReader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RenderException(command.get(0) + " was interrupted", e);
        }
        String stderrTail;
        String stderrText;
        synchronized (tail) {
            stderrTail = String.join("\n", tail);
            stderrText = stderr.toString();
        }
        return new Result(finished ? process.exitValue() : -1, stdout.toByteArray(), stderrText, stderrTail, !finished);
    }

    private static Thread start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process was killed or closed its output: what was read so far is all there is
        }
    }

    private static void keep(InputStream in, StringBuilder all, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    if (all.length() + line.length() < STDERR_MAX_CHARS) {
                        all.append(line).append('\n');
                    }
                    tail.addLast(line);
                    if (tail.size() > STDERR_TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed or closed its stderr: the tail read so far is kept
        }
    }
}
