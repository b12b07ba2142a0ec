package dev.photoreel.local.run;

import dev.photoreel.local.Command;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.NotificationInbox;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code photoreel revise <job-id> "<instruction>"}: on a running local stack ({@code ./photoreel stack}, whose
 * {@code export} lines give {@code PHOTOREEL_API_URL} and, to print the notification, {@code AWS_ENDPOINT_URL} and
 * {@code PHOTOREEL_NOTIFICATIONS_QUEUE_URL}), posts the revision through the jobs API, follows its progress, saves the
 * new version's MP4 and prints its notification.
 */
public final class ReviseCommand implements Command {

    private static final Duration LIMIT = Duration.ofMinutes(20);

    @Override
    public String usage() {
        return "revise <job-id> \"<instruction>\" [--out video-v<N>.mp4]   (on a running ./photoreel stack: export its PHOTOREEL_API_URL)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        return run(args, System.getenv(), System.out);
    }

    int run(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
        if (args.size() != 2 && !(args.size() == 4 && args.get(2).equals("--out"))) {
            out.println("Usage: ./photoreel " + usage());
            return 2;
        }
        String apiUrl = env.get("PHOTOREEL_API_URL");
        if (apiUrl == null || apiUrl.isBlank()) {
            out.println("PHOTOREEL_API_URL is not set: start the local stack with ./photoreel stack in another terminal and run the"
                    + " export lines it prints, then revise again.");
            return 2;
        }
        String jobId = args.get(0);
        Path target = args.size() == 4 ? Path.of(args.get(3)) : null;
        ApiRun api = new ApiRun(URI.create(apiUrl.replaceAll("/+$", "")), env.containsKey("PHOTOREEL_API_KEY"), out);
        Optional<Integer> version = api.revise(jobId, args.get(1), v -> target != null ? target : Path.of(jobId + "-v" + v + ".mp4"), LIMIT);
        if (version.isEmpty()) {
            return 1;
        }
        printNotification(jobId, version.get(), env, out);
        return 0;
    }

    private static void printNotification(String jobId, int version, Map<String, String> env, PrintStream out) {
        String endpoint = env.get("AWS_ENDPOINT_URL");
        String queue = env.get("PHOTOREEL_NOTIFICATIONS_QUEUE_URL");
        if (endpoint == null || queue == null) {
            out.println("(Set AWS_ENDPOINT_URL and PHOTOREEL_NOTIFICATIONS_QUEUE_URL from ./photoreel stack to print the notification.)");
            return;
        }
        try (LocalAws aws = new LocalAws(URI.create(endpoint))) {
            Optional<NotificationInbox.Notification> notification = new NotificationInbox(aws.sqs(), queue).await(
                    n -> jobId.equals(n.body().path("jobId").asText()) && n.body().path("version").asInt(1) == version, Duration.ofSeconds(30));
            if (notification.isEmpty()) {
                out.println("No notification for version " + version + " within 30 s (another reader may have taken it from the queue).");
                return;
            }
            out.println();
            out.println("Notification: " + notification.get().subject());
            out.println(notification.get().message());
        }
    }
}
