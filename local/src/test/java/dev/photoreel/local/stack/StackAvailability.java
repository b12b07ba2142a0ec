package dev.photoreel.local.stack;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the end-to-end tests can run here. Without moto they are skipped with the reason, except under
 * CI ({@code CI=true}), where the missing tool fails the build: CI must run them.
 */
public final class StackAvailability {

    private StackAvailability() {
    }

    public static void requireMoto(Path projectRoot) {
        try {
            MotoServer.locate(projectRoot);
        } catch (IllegalStateException | java.io.IOException e) {
            if (MotoServer.isCi()) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            Assumptions.abort(e.getMessage());
        }
    }
}
