package dev.photoreel.local;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code photoreel-local.jar}: the first argument picks a command. */
public final class Main {

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
        Map<String, Command> commands = commands();
        if (args.length == 0 || !commands.containsKey(args[0])) {
            System.err.println((args.length == 0 ? "No command given." : "Unknown command: " + args[0]) + " Usage:");
            commands.values().forEach(c -> System.err.println("  java -jar photoreel-local.jar " + c.usage()));
            System.exit(2);
        }
        int exit = commands.get(args[0]).run(List.of(Arrays.copyOfRange(args, 1, args.length)));
        System.exit(exit);
    }
}
