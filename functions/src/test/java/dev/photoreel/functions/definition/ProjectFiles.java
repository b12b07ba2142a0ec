package dev.photoreel.functions.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files of the repository (template, definition, contract) from a module's working directory. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("template.yaml")) && Files.isDirectory(d.resolve("statemachine"))) {
                return d;
            }
        }
        throw new IllegalStateException("No template.yaml with a statemachine/ folder above " + dir
                + ": run the tests from inside the photoreel repository");
    }

    public static String read(String relativePath) {
        try {
            return Files.readString(root().resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + relativePath, e);
        }
    }
}
