package dev.photoreel.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.Command;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code photoreel run <folder> ["instruction"] [--out video.mp4] [--aspect 9:16]}: the whole pipeline on
 * this machine. Starts the local stack, uploads the folder under {@code uploads/<name>/}, shows the job's
 * stages while it works, writes the video, prints the notification, and stops the stack.
 */
public final class RunCommand implements Command {

    private static final Duration JOB_LIMIT = Duration.ofMinutes(30);
    private static final List<String> ASPECTS = List.of("16:9", "9:16", "1:1");
    private static final List<String> RENDERERS = List.of("nemovideo", "ffmpeg");

    /** The parsed command line; {@code renderer} is null unless {@code --renderer} was given. */
    record Arguments(Path folder, String instruction, Path out, String aspect, boolean api, String renderer) {
        Arguments(Path folder, String instruction, Path out, String aspect) {
            this(folder, instruction, out, aspect, false, null);
        }
    }

    @Override
    public String usage() {
        return "run <folder-of-images> [\"<instruction>\"] [--out video.mp4] [--aspect 16:9|9:16|1:1] [--renderer nemovideo|ffmpeg] [--api]";
    }

    static Arguments parse(List<String> args) {
        Path folder = null;
        String instruction = null;
        Path out = null;
        String aspect = null;
        boolean api = false;
        String renderer = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--out", "-o" -> out = Path.of(value(args, ++i, arg));
                case "--aspect" -> aspect = value(args, ++i, arg);
                case "--api" -> api = true;
                case "--renderer" -> renderer = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("Unknown option " + arg);
                    } else if (folder == null) {
                        folder = Path.of(arg);
                    } else if (instruction == null) {
                        instruction = arg;
                    } else {
                        throw new IllegalArgumentException("Unexpected argument \"" + arg + "\" (quote the instruction as one argument)");
                    }
                }
            }
        }
        if (folder == null) {
            throw new IllegalArgumentException("Which folder? e.g. ./photoreel run examples/seaside \"a calm summer video\"");
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        requireFiles(folder);
        if (aspect != null && !ASPECTS.contains(aspect)) {
            throw new IllegalArgumentException("--aspect must be one of " + ASPECTS + ", got " + aspect);
        }
        if (renderer != null && !RENDERERS.contains(renderer)) {
            throw new IllegalArgumentException("--renderer must be one of " + RENDERERS + ", got " + renderer);
        }
        if (out == null) {
            out = Path.of("out", FolderUpload.jobName(folder) + ".mp4");
        }
        return new Arguments(folder, instruction, out, aspect, api, renderer);
    }

    /** An empty or unreadable folder is refused before the stack starts (a quarter of a minute), not after. */
    private static void requireFiles(Path folder) {
        try {
            FolderUpload.files(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    @Override
    public int run(List<String> rawArgs) throws Exception {
        Arguments args;
        try {
            args = parse(rawArgs);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: ./photoreel " + usage());
            return 2;
        }
        Path root = LocalHome.root();
        Path logs = root.resolve("target/photoreel-stack");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try (ConsoleRedirect redirect = ConsoleRedirect.toFile(logs.resolve("run-" + stamp + ".log"))) {
            PrintStream out = redirect.console();
            long started = System.nanoTime();
            out.println("Starting the local stack" + (System.getenv("NEMO_API_BASE") == null ? " (with the NemoVideo emulator)" : " (vendor: "
                    + System.getenv("NEMO_API_BASE") + ")") + "...");
            try (PhotoreelStack stack = PhotoreelStack.start(StackCommand.options(root), StackCommand.vendor(logs))) {
                out.printf("Stack up in %.1f s. Logs: %s%n", seconds(started), redirect.file());
                return args.api() ? new ApiRun(stack, out).run(args, JOB_LIMIT) : runJob(stack, args, out);
            } catch (Exception e) {
                out.println("photoreel: " + e.getMessage());
                out.println("Details in " + redirect.file());
                e.printStackTrace(System.err);
                return 1;
            }
        }
    }

    private static int runJob(PhotoreelStack stack, Arguments args, PrintStream out) throws Exception {
        String name = FolderUpload.jobName(args.folder());
        String prefix = "uploads/" + name + "/";
        List<String> keys = FolderUpload.upload(stack.aws().s3(), stack.bucket(), args.folder(), prefix, args.instruction(), args.aspect(),
                args.renderer());
        out.printf("Uploaded %d files to s3://%s/%s%n", keys.size(), stack.bucket(), prefix);

        JobItems jobs = new JobItems(stack);
        NotificationInbox inbox = new NotificationInbox(stack);
        long started = System.nanoTime();
        String lastLine = "";
        String jobId = null;
        Optional<NotificationInbox.Notification> notification = Optional.empty();
        while (notification.isEmpty()) {
            if (seconds(started) > JOB_LIMIT.toSeconds()) {
                out.println("Gave up after " + JOB_LIMIT.toMinutes() + " minutes without a notification.");
                return 1;
            }
            if (jobId == null) {
                jobId = jobs.currentJobId(prefix).orElse(null);
            }
            String line = jobId == null ? "waiting for the upload event" : progressLine(jobs.job(jobId).orElse(Map.of()));
            if (!line.equals(lastLine)) {
                out.printf("[%6.1fs] %s%n", seconds(started), line);
                lastLine = line;
            }
            String id = jobId;
            notification = id == null ? Optional.empty() : inbox.await(n -> id.equals(n.body().path("jobId").asText()), Duration.ofMillis(800));
        }
        return report(stack, notification.get(), args, out, started);
    }

    private static String progressLine(Map<String, AttributeValue> job) {
        String status = Optional.ofNullable(JobItems.text(job, "status")).orElse("RECEIVED");
        String progress = JobItems.text(job, "progress");
        String stage = status.toLowerCase(Locale.ROOT).replace('_', ' ');
        return status.equals("RENDERING") && progress != null ? stage + " " + progress + "%" : stage;
    }

    private static int report(PhotoreelStack stack, NotificationInbox.Notification notification, Arguments args, PrintStream out,
            long started) throws Exception {
        JsonNode body = notification.body();
        out.println();
        out.println(notification.subject());
        if (!"COMPLETED".equals(body.path("status").asText())) {
            out.println("The job failed (" + body.path("error").path("code").asText("unknown") + "): " + body.path("error").path("message").asText());
            out.println("Job id: " + body.path("jobId").asText());
            return 1;
        }
        JsonNode video = body.path("video");
        Path target = args.out().toAbsolutePath();
        Files.createDirectories(target.getParent());
        stack.aws().s3().getObject(b -> b.bucket(video.path("bucket").asText()).key(video.path("key").asText()), target);
        List<String> facts = new ArrayList<>();
        facts.add(String.format(Locale.ROOT, "%.1f s", video.path("durationSeconds").asDouble()));
        facts.add(String.format(Locale.ROOT, "%.1f MB", video.path("sizeBytes").asLong() / 1_000_000.0));
        facts.add(String.format(Locale.ROOT, "done in %.0f s", seconds(started)));
        out.println("Video: " + target + " (" + String.join(", ", facts) + ")");
        if (body.hasNonNull("timeline")) {
            out.println(body.path("timeline").asText());
        }
        if (body.hasNonNull("renderer")) {
            out.println("Made by: " + body.path("renderer").asText()
                    + (body.hasNonNull("rendererReason") ? " (" + body.path("rendererReason").asText() + ")" : ""));
        }
        if (body.path("ignoredWords").size() > 0) {
            out.println("Words the ffmpeg backend did not act on: " + body.path("ignoredWords"));
        }
        out.println("Link from the notification (served by the local stack, which stops now): " + video.path("url").asText());
        return 0;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
