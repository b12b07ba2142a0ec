package dev.photoreel.local.run;

import dev.photoreel.local.Command;
import dev.photoreel.local.chaos.ChaosRow;
import dev.photoreel.local.chaos.ChaosRunner;
import dev.photoreel.local.chaos.ChaosScenario;
import dev.photoreel.local.chaos.ChaosScenarios;
import dev.photoreel.local.chaos.ChaosTable;
import dev.photoreel.local.stack.EmulatorVendor;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code photoreel chaos [--load N] [--jobs K]}: starts the local stack with the emulator, runs a mix of jobs under
 * each fault of {@link ChaosScenarios} (after a load row of N folders at once, no fault) and prints one table. Exits
 * 0 when every row kept every promise, 1 otherwise.
 */
public final class ChaosCommand implements Command {

    private static final Duration SCENARIO_LIMIT = Duration.ofMinutes(6);

    @Override
    public String usage() {
        return "chaos [--load 20] [--jobs 2]   (jobs under injected AWS and vendor faults; prints what was completed, failed, notified, lost)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        int load = 20;
        int jobs = 2;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--load" -> load = positive(args, ++i, "--load");
                case "--jobs" -> jobs = positive(args, ++i, "--jobs");
                default -> {
                    System.err.println("Unknown argument " + args.get(i) + ". Usage: ./photoreel " + usage());
                    return 2;
                }
            }
        }
        Path root = LocalHome.root();
        Path logs = root.resolve("target/photoreel-stack");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (ConsoleRedirect redirect = ConsoleRedirect.toFile(logs.resolve("chaos-" + stamp + ".log"))) {
            PrintStream out = redirect.console();
            out.println("Starting the local stack with the NemoVideo emulator...");
            try (EmulatorVendor vendor = EmulatorVendor.start(logs.resolve("chaos-emulator"), b -> b.startingCredits(1_000_000));
                 PhotoreelStack stack = PhotoreelStack.start(StackOptions.local(root).withRenderTimeoutSeconds(300), vendor)) {
                List<ChaosScenario> scenarios = ChaosScenarios.standard(load, jobs);
                out.printf(Locale.ROOT, "Running %d scenarios (logs: %s)...%n", scenarios.size(), redirect.file());
                ChaosRunner runner = new ChaosRunner(stack, vendor.emulator(), new NotificationInbox(stack), root.resolve("examples/seaside"),
                        SCENARIO_LIMIT);
                List<ChaosRow> rows = runner.run(scenarios, row -> out.printf(Locale.ROOT, "  %-58s %s in %.0f s%n", row.fault(),
                        row.ok() ? "ok" : "BROKE A PROMISE", row.seconds()));
                out.println();
                out.print(ChaosTable.format(rows));
                return rows.stream().allMatch(ChaosRow::ok) ? 0 : 1;
            }
        }
    }

    private static int positive(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a number");
        }
        int value = Integer.parseInt(args.get(index));
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return value;
    }
}
