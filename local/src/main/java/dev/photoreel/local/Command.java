package dev.photoreel.local;

import java.util.List;

/** One command of {@code photoreel-local.jar}, picked by the first argument. */
public interface Command {

    /** A one-line usage, e.g. {@code emulator [--port N] [--data-dir DIR]}. */
    String usage();

    /** Runs the command with the arguments after its name; returns the process exit code. */
    int run(List<String> args) throws Exception;
}
