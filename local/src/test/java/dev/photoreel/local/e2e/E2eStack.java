package dev.photoreel.local.e2e;

import dev.photoreel.local.emulator.NemoEmulator;
import dev.photoreel.local.stack.EmulatorVendor;
import dev.photoreel.local.stack.JobItems;
import dev.photoreel.local.stack.NotificationInbox;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackAvailability;
import dev.photoreel.local.stack.StackOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One local stack for every end-to-end test class in the JVM (started on first use, stopped by the stack's
 * shutdown hook when the test JVM exits, also after a failure): moto, the real handlers, the real state
 * machine, the emulator. Short waits: 1 s polls, a 3 s quiet period, a 45 s render timeout.
 */
final class E2eStack {

    static final int RENDER_TIMEOUT_SECONDS = 45;
    static final long CREDITS = 1_000_000;

    private static PhotoreelStack stack;
    private static EmulatorVendor vendor;
    private static NotificationInbox inbox;

    private E2eStack() {
    }

    static synchronized PhotoreelStack stack() {
        if (stack == null) {
            Path root = StackOptions.findProjectRoot(Path.of(""));
            StackAvailability.requireMoto(root);
            try {
                vendor = EmulatorVendor.start(root.resolve("local/target/e2e-emulator"), b -> b.sseEventDelay(Duration.ofMillis(40))
                        .keepAliveInterval(Duration.ofMillis(500)).startingCredits((int) CREDITS).slowRenderDelay(Duration.ofSeconds(5)));
                stack = PhotoreelStack.start(StackOptions.local(root).withRenderTimeoutSeconds(RENDER_TIMEOUT_SECONDS), vendor);
                // every function's first JVM started before the first test's clock runs (cold starts are slow on 2 busy cores)
                stack.functions().awaitWarm(Duration.ofMinutes(5));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the functions warmed up", e);
            }
            inbox = new NotificationInbox(stack);
        }
        return stack;
    }

    static NemoEmulator emulator() {
        stack();
        return vendor.emulator();
    }

    static NotificationInbox inbox() {
        stack();
        return inbox;
    }

    static JobItems jobs() {
        return new JobItems(stack());
    }

    /** Back to a well-behaved vendor: no faults, plenty of credits, default function timeouts. */
    static void resetVendor() {
        emulator().faults().reset();
        emulator().setAvailableCredits(CREDITS);
        stack().functions().clearTimeoutOverrides();
        stack().functions().clearFaults();
        stack().faults().reset();
    }
}
