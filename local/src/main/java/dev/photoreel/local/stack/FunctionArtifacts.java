package dev.photoreel.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which artifact each function ships with, read from the {@code Makefile} that {@code sam build} runs
 * ({@code BuildMethod: makefile}): the jar a function's {@code build-<LogicalId>} target copies, else the one of the
 * pattern target {@code build-%Function}. So the local stack runs every function on the jar {@code sam build} would
 * package for it (the render function on its own artifact with the engine and ffmpeg, the others on the functions jar).
 * An artifact may also be a folder laid out as Lambda's task root: its classes, and the jars under its {@code lib/}.
 */
final class FunctionArtifacts {

    private static final Pattern VARIABLE = Pattern.compile("^([A-Z_]+)\\s*:?=\\s*(\\S+)\\s*$");
    private static final Pattern TARGET = Pattern.compile("^build-(\\S+)\\s*:\\s*\\$\\(([A-Z_]+)\\)\\s*$");

    private final Path root;
    private final Map<String, String> jarByTarget;

    private FunctionArtifacts(Path root, Map<String, String> jarByTarget) {
        this.root = root;
        this.jarByTarget = jarByTarget;
    }

    /** Reads {@code <projectRoot>/Makefile}. */
    static FunctionArtifacts read(Path projectRoot) throws IOException {
        Path makefile = projectRoot.resolve("Makefile");
        if (!Files.isRegularFile(makefile)) {
            throw new IllegalStateException("No Makefile in " + projectRoot + ": the local stack takes each function's artifact from its "
                    + "build-<LogicalId> target, as sam build does (BuildMethod: makefile)");
        }
        List<String> lines = Files.readAllLines(makefile);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher variable = VARIABLE.matcher(line);
            if (variable.matches()) {
                variables.put(variable.group(1), variable.group(2));
            }
        }
        Map<String, String> jarByTarget = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher target = TARGET.matcher(line);
            if (target.matches() && variables.containsKey(target.group(2))) {
                jarByTarget.put(target.group(1), variables.get(target.group(2)));
            }
        }
        return new FunctionArtifacts(projectRoot, jarByTarget);
    }

    /** The class path of {@code logicalId}'s artifact, as the Lambda Java runtime builds it (the task root, then lib/*.jar). */
    List<Path> classPathOf(String logicalId) {
        Path artifact = artifactOf(logicalId);
        if (!Files.isDirectory(artifact)) {
            return List.of(artifact);
        }
        List<Path> classPath = new java.util.ArrayList<>(List.of(artifact));
        Path lib = artifact.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (java.util.stream.Stream<Path> jars = Files.list(lib)) {
                jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().forEach(classPath::add);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot list " + lib, e);
            }
        }
        return classPath;
    }

    /** The artifact {@code sam build} packages for {@code logicalId}; fails naming the build command when it is missing. */
    Path artifactOf(String logicalId) {
        String jar = jarByTarget.get(logicalId);
        if (jar == null) {
            jar = jarByTarget.entrySet().stream()
                    .filter(e -> e.getKey().contains("%") && logicalId.matches(Pattern.quote(e.getKey()).replace("%", "\\E.+\\Q")))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new IllegalStateException("The Makefile has no build-" + logicalId + " target (nor a pattern "
                            + "that matches it): add one that copies the function's jar, as sam build needs it too"));
        }
        Path path = root.resolve(jar);
        if (!Files.exists(path)) {
            throw new IllegalStateException(logicalId + " runs on " + path + ", which is missing: build it with `make jar` or "
                    + "`mvn -pl functions -am package -DskipTests` (./photoreel and mvn verify do this)");
        }
        return path;
    }
}
