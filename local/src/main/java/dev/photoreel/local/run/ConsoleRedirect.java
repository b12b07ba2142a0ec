package dev.photoreel.local.run;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the terminal for the command's own output: the handlers' JSON logs and metrics (which Lambda would
 * send to CloudWatch) go to a log file instead.
 */
public final class ConsoleRedirect implements AutoCloseable {

    private final PrintStream console;
    private final PrintStream originalErr;
    private final PrintStream log;
    private final Path file;

    private ConsoleRedirect(PrintStream console, PrintStream originalErr, PrintStream log, Path file) {
        this.console = console;
        this.originalErr = originalErr;
        this.log = log;
        this.file = file;
    }

    public static ConsoleRedirect toFile(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        PrintStream log = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
        ConsoleRedirect redirect = new ConsoleRedirect(System.out, System.err, log, file);
        System.setOut(log);
        System.setErr(log);
        return redirect;
    }

    /** The terminal. */
    public PrintStream console() {
        return console;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        System.setOut(console);
        System.setErr(originalErr);
        log.close();
    }
}
