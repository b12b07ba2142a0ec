package dev.photoreel.local.bench;

import dev.photoreel.local.Command;
import dev.photoreel.local.run.ConsoleRedirect;
import dev.photoreel.local.run.LocalHome;
import dev.photoreel.local.stack.NotificationInbox;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code photoreel bench}: the whole pipeline measured on this machine, side by side in one run (the machine is
 * shared and noisy, so the figures to compare are ratios): orchestration overhead against the bare vendor sequence,
 * render-poll delay for fixed and progress-based polling, N jobs at once on one vendor token, the artifact's size.
 */
public final class BenchCommand implements Command {

    static final List<String> ROWS = List.of("concurrency", "overhead", "polling", "coldstart", "artifact");

    /** The parsed command line. */
    record Arguments(Set<String> only, int runs, int jobs, double renderSeconds, double pollRenderSeconds, int pollJobs,
                     Path folder, boolean json, String pollingMode) {
    }

    @Override
    public String usage() {
        return "bench [--only concurrency,overhead,polling,coldstart,artifact] [--runs 3] [--jobs 20] [--render-seconds 3]"
                + " [--poll-render-seconds 65] [--poll-jobs 3] [--folder examples/seaside] [--json]   |   "
                + new RenderBenchCommand().usage() + " (the engine against a hand-written ffmpeg command)";
    }

    static Arguments parse(List<String> args, Path root) {
        Set<String> only = new LinkedHashSet<>(ROWS);
        int runs = 3;
        int jobs = 20;
        double renderSeconds = 3;
        double pollRenderSeconds = 65;
        int pollJobs = 3;
        Path folder = root.resolve("examples/seaside");
        boolean json = false;
        String pollingMode = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--only" -> {
                    only = new LinkedHashSet<>(List.of(value(args, ++i, arg).split(",")));
                    for (String row : only) {
                        if (!ROWS.contains(row)) {
                            throw new IllegalArgumentException("--only takes rows from " + ROWS + ", got " + row);
                        }
                    }
                }
                case "--runs" -> runs = positive(args, ++i, arg);
                case "--jobs" -> jobs = positive(args, ++i, arg);
                case "--render-seconds" -> renderSeconds = Double.parseDouble(value(args, ++i, arg));
                case "--poll-render-seconds" -> pollRenderSeconds = Double.parseDouble(value(args, ++i, arg));
                case "--poll-jobs" -> pollJobs = positive(args, ++i, arg);
                case "--folder" -> folder = Path.of(value(args, ++i, arg));
                case "--json" -> json = true;
                case "--polling-mode" -> {
                    pollingMode = value(args, ++i, arg);
                    if (!List.of("fixed", "progress").contains(pollingMode)) {
                        throw new IllegalArgumentException("--polling-mode is fixed or progress, got " + pollingMode);
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder of images");
        }
        return new Arguments(only, runs, jobs, renderSeconds, pollRenderSeconds, pollJobs, folder, json, pollingMode);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int positive(List<String> args, int index, String option) {
        int value = Integer.parseInt(value(args, index, option));
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    @Override
    public int run(List<String> rawArgs) throws Exception {
        if (!rawArgs.isEmpty() && rawArgs.get(0).equals("render")) {
            return new RenderBenchCommand().run(rawArgs);
        }
        Path root = LocalHome.root();
        Arguments args;
        try {
            args = parse(rawArgs, root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: ./photoreel " + usage());
            return 2;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path logs = Files.createDirectories(root.resolve("target/photoreel-bench/" + stamp + (args.pollingMode() == null ? "" : "-" + args.pollingMode())));
        try (ConsoleRedirect redirect = ConsoleRedirect.toFile(logs.resolve("bench.log"))) {
            PrintStream out = redirect.console();
            try {
                if (args.pollingMode() != null) {
                    return pollingChild(root, args, out, stamp);
                }
                BenchReport report = run(root, logs, args, args.json() ? new PrintStream(PrintStream.nullOutputStream()) : out);
                if (args.json()) {
                    report.printJson(out);
                } else {
                    report.printTables(out);
                    out.println();
                    out.println("Logs: " + logs);
                }
                return 0;
            } catch (Exception e) {
                out.println("photoreel bench: " + e.getMessage());
                out.println("Details in " + redirect.file());
                e.printStackTrace(System.err);
                return 1;
            }
        }
    }

    /** Runs the chosen rows, each on a stack of its own settings; {@code say} hears which row is running. */
    static BenchReport run(Path root, Path logs, Arguments args, PrintStream say) throws Exception {
        BenchReport report = new BenchReport();
        Duration canned = Duration.ofMillis((long) (args.renderSeconds() * 1000));
        String tag = "bench-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        if (args.only().contains("concurrency") || args.only().contains("overhead") || args.only().contains("coldstart")) {
            say.println("Starting the local stack (1 s polls, canned " + args.renderSeconds() + " s renders)...");
            try (BenchStack stack = BenchStack.start(root, "local", 1, 1, canned)) {
                NotificationInbox inbox = new NotificationInbox(stack.stack());
                // first, on the fresh stack: whether N jobs at once share one vendor token
                if (args.only().contains("concurrency")) {
                    // the emulator renders its canned MP4 once, for the first canned render: let a bare sequence (its own
                    // vendor client, so the stack's token stays unminted) pay for that, not the measured jobs
                    say.println("Preparing the emulator's canned MP4 (one bare vendor sequence)...");
                    OverheadRow.bare(stack).run(args.folder(), BenchStack.INSTRUCTION);
                    say.println("Concurrency: " + args.jobs() + " jobs at once...");
                    report.row("concurrency", ConcurrencyRow.run(stack, inbox, args.folder(), args.jobs(), canned, tag + "-c"));
                }
                if (args.only().contains("overhead")) {
                    say.println("Overhead: " + args.runs() + " stack jobs and " + args.runs() + " bare sequences, alternating...");
                    report.row("overhead", OverheadRow.run(stack, args.folder(), args.runs(), canned,
                            !args.only().contains("concurrency"), tag + "-o"));
                }
                if (args.only().contains("coldstart")) {
                    say.println("Cold start: a fresh JVM per function on the deployed jar, plain, primed and with the class data archive...");
                    report.row("coldstart", ColdStartRow.run(root, stack, logs));
                }
            }
        }
        if (args.only().contains("polling")) {
            say.println("Render-poll delay: fixed and progress-based polling side by side (" + args.pollJobs() + " jobs each, renders of about "
                    + args.pollRenderSeconds() + " s; takes several minutes)...");
            List<String> childArgs = new ArrayList<>(List.of("--poll-render-seconds", String.valueOf(args.pollRenderSeconds()),
                    "--poll-jobs", String.valueOf(args.pollJobs()), "--folder", args.folder().toAbsolutePath().toString()));
            report.row("polling", PollingRow.sideBySide(root, logs, childArgs));
        }
        if (args.only().contains("artifact")) {
            report.row("artifact", ArtifactRow.run(root));
        }
        return report;
    }

    /** One polling mode on its own stack (a child JVM of {@link PollingRow#sideBySide}): prints the mode's JSON. */
    private static int pollingChild(Path root, Arguments args, PrintStream out, String stamp) throws Exception {
        boolean fixed = args.pollingMode().equals("fixed");
        int floor = fixed ? PollingRow.INTERVAL_SECONDS : PollingRow.FLOOR_SECONDS;
        try (BenchStack stack = BenchStack.start(root, "polling-" + args.pollingMode(), PollingRow.INTERVAL_SECONDS, floor, null)) {
            out.println(BenchReport.JSON.writeValueAsString(PollingRow.measure(stack, args.pollingMode(), args.folder(),
                    PollingRow.renderDurations(args.pollRenderSeconds(), args.pollJobs()),
                    "bench-" + args.pollingMode() + "-" + stamp.replace("-", ""))));
        }
        return 0;
    }
}
