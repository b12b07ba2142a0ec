package dev.photoreel.local.emulator;

import dev.photoreel.local.Command;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code emulator [--port N] [--data-dir DIR]}: runs the NemoVideo emulator until the process is stopped. */
public final class EmulatorCommand implements Command {

    public static final int DEFAULT_PORT = 8787;

    @Override
    public String usage() {
        return "emulator [--port N] [--data-dir DIR] [--host ADDR]   (port 0 picks a free port; default " + DEFAULT_PORT + ")";
    }

    @Override
    public int run(List<String> args) throws Exception {
        EmulatorOptions.Builder options = EmulatorOptions.builder().port(DEFAULT_PORT);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> options.port(Integer.parseInt(value(args, ++i, arg)));
                case "--data-dir" -> options.dataDir(Path.of(value(args, ++i, arg)));
                case "--host" -> options.host(value(args, ++i, arg));
                default -> {
                    System.err.println("Unknown argument: " + arg + ". Usage: " + usage());
                    return 2;
                }
            }
        }
        NemoEmulator emulator = NemoEmulator.start(options.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "nemo-emulator-shutdown"));
        System.out.println("NemoVideo emulator listening on " + emulator.baseUrl());
        System.out.println("  data: " + emulator.dataDir() + "   admin: " + emulator.baseUrl() + "/_emulator/stats");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }
}
