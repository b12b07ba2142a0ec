package dev.photoreel.local.run;

import dev.photoreel.local.stack.StackOptions;
import java.nio.file.Path;

/** Where the repository is: {@code -Dphotoreel.home} (set by the photoreel script), else found from the working directory. */
public final class LocalHome {

    private LocalHome() {
    }

    public static Path root() {
        String home = System.getProperty("photoreel.home");
        return home != null ? Path.of(home).toAbsolutePath().normalize() : StackOptions.findProjectRoot(Path.of(""));
    }
}
