package dev.photoreel.local;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Entry point of {@code photoreel-local.jar}: the first argument picks a command. */
public final class Main {

    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    private Main() {
    }

    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        // One line per command; each issue adds its own.
        commands.put("emulator", new dev.photoreel.local.emulator.EmulatorCommand());
        commands.put("run", new dev.photoreel.local.run.RunCommand());
        commands.put("stack", new dev.photoreel.local.run.StackCommand());
        commands.put("revise", new dev.photoreel.local.run.ReviseCommand());
        commands.put("web", new dev.photoreel.local.run.WebCommand());
        commands.put("chaos", new dev.photoreel.local.run.ChaosCommand());
        commands.put("bench", new dev.photoreel.local.bench.BenchCommand());
        return commands;
    }

    public static void main(String[] args) throws Exception {
        System.exit(dispatch(args, System.out, System.err));
    }

    /**
     * Runs the command the first argument names and returns its exit code. {@code help}, {@code --help} or {@code -h}
     * print the commands on {@code out} (exit 0); no command or an unknown one says so on {@code err}, with them (exit 2).
     */
    static int dispatch(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, Command> commands = commands();
        if (args.length > 0 && HELP.contains(args[0])) {
            printUsage(commands, out);
            return 0;
        }
        if (args.length == 0 || !commands.containsKey(args[0])) {
            err.println(args.length == 0 ? "No command given." : "Unknown command: " + args[0] + ".");
            printUsage(commands, err);
            return 2;
        }
        return commands.get(args[0]).run(List.of(Arrays.copyOfRange(args, 1, args.length)));
    }

    private static void printUsage(Map<String, Command> commands, PrintStream to) {
        to.println("Usage:");
        commands.values().forEach(c -> to.println("  ./photoreel " + c.usage()));
    }
}
