package dev.photoreel.local.run;

import dev.photoreel.local.Command;
import dev.photoreel.local.stack.PhotoreelStack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code photoreel web}: starts the local stack and prints the web page's address and its sign-in link; opens nothing
 * (no browser is started), runs until Ctrl-C.
 */
public final class WebCommand implements Command {

    @Override
    public String usage() {
        return "web              (starts the local stack; prints the web page's URL and its sign-in link; Ctrl-C stops it)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (!args.isEmpty()) {
            System.err.println("photoreel web takes no arguments (got " + args + "): " + usage());
            return 2;
        }
        Path root = LocalHome.root();
        Path logs = root.resolve("target/photoreel-stack");
        ConsoleRedirect redirect = ConsoleRedirect.toFile(logs.resolve("web-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log"));
        PrintStream out = redirect.console();
        out.println("Starting the local stack for the web page (moto, the functions, the vendor emulator)...");
        PhotoreelStack stack = PhotoreelStack.start(StackCommand.options(root), StackCommand.vendor(logs));
        out.println();
        StackCommand.printPage(out, stack);
        out.println("  Logs: " + redirect.file());
        out.println("Ctrl-C stops the stack. (./photoreel stack prints the AWS endpoints too.)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
        return 0;
    }
}
