package dev.photoreel.local.stack;

import dev.photoreel.local.emulator.EmulatorOptions;
import dev.photoreel.local.emulator.NemoEmulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The NemoVideo emulator as the stack's vendor: started on a free loopback port, stopped with the stack. */
public final class EmulatorVendor implements Vendor {

    private final NemoEmulator emulator;

    private EmulatorVendor(NemoEmulator emulator) {
        this.emulator = emulator;
    }

    /** Starts an emulator with its vendor-like defaults, keeping its files under {@code dataDir}. */
    public static EmulatorVendor start(Path dataDir) throws IOException {
        return start(dataDir, UnaryOperator.identity());
    }

    /** Starts an emulator on a free loopback port; {@code options} adjusts the defaults (e.g. credits, delays). */
    public static EmulatorVendor start(Path dataDir, UnaryOperator<EmulatorOptions.Builder> options) throws IOException {
        Files.createDirectories(dataDir);
        EmulatorOptions.Builder builder = EmulatorOptions.builder().host("127.0.0.1").port(0).dataDir(dataDir);
        return new EmulatorVendor(NemoEmulator.start(options.apply(builder).build()));
    }

    /** The emulator itself: its fault knobs and counters, for tests. */
    public NemoEmulator emulator() {
        return emulator;
    }

    @Override
    public URI baseUrl() {
        return emulator.baseUri();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
