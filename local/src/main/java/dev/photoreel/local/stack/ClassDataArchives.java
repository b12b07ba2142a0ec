package dev.photoreel.local.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing for the functions' JVMs: one dynamic archive per artifact, so a function's JVM maps the classes its
 * init loads (the handler, the AWS SDK, Jackson, Powertools) instead of reading and verifying them from the jar again.
 * The JVM already does this for the JDK's own classes ({@code -Xshare:auto}, as on Lambda).
 *
 * <p>An archive is recorded once per build of an artifact: one JVM with the functions' flags and
 * {@code -XX:ArchiveClassesAtExit} creates every handler of the artifact ({@link RuntimeLoop#INIT_ONLY}) and exits. Its
 * name carries a digest of the java binary, its version, the flags and each class path jar's path, size and time, so a
 * rebuilt artifact or another JDK gets a new archive (and the artifact's older one is deleted). The JVM checks the
 * same facts again when it maps an archive, and runs without it when they differ. A class path with a folder (an
 * artifact laid out as a task root: CDS archives classes from jars only) or a recording that failed means no archive:
 * the function runs as it would without this class.
 */
final class ClassDataArchives {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchives.class);
    private static final Duration RECORD_LIMIT = Duration.ofMinutes(2);
    /** CDS's own warnings (e.g. an archive that no longer matches its jars) stay out of the function's log. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path dir;
    private final String javaBinary;
    private final List<String> jvmFlags;
    private final Map<List<Path>, Path> archives = new ConcurrentHashMap<>();

    /** Archives in {@code dir}, for JVMs started as {@code javaBinary} with {@code jvmFlags}. */
    ClassDataArchives(Path dir, String javaBinary, List<String> jvmFlags) {
        this.dir = dir;
        this.javaBinary = javaBinary;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * Makes sure each class path of {@code functions} has its archive, recording the missing ones: one JVM per class
     * path, creating the handlers of all its functions in the union of their environments.
     */
    void record(List<FunctionSpec> functions, Function<FunctionSpec, List<Path>> classPath,
            Function<FunctionSpec, Map<String, String>> environment) throws IOException, InterruptedException {
        Map<List<Path>, List<FunctionSpec>> byClassPath = new LinkedHashMap<>();
        functions.forEach(function -> byClassPath.computeIfAbsent(classPath.apply(function), cp -> new ArrayList<>()).add(function));
        Files.createDirectories(dir);
        for (Map.Entry<List<Path>, List<FunctionSpec>> group : byClassPath.entrySet()) {
            List<Path> jars = group.getKey();
            if (!jars.stream().allMatch(ClassDataArchives::isJar)) {
                continue;
            }
            Path archive = dir.resolve(archiveName(jars));
            if (!Files.isRegularFile(archive)) {
                Map<String, String> merged = new LinkedHashMap<>();
                group.getValue().forEach(function -> merged.putAll(environment.apply(function)));
                recordOne(jars, group.getValue().stream().map(FunctionSpec::handlerClass).distinct().toList(), merged, archive);
            }
            if (Files.isRegularFile(archive)) {
                archives.put(jars, archive);
            }
        }
    }

    /** The JVM flags that map {@code classPath}'s archive; none when it has no archive. */
    List<String> flags(List<Path> classPath) {
        Path archive = archives.get(classPath);
        if (archive == null) {
            return List.of();
        }
        List<String> flags = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive));
        flags.addAll(QUIET);
        return flags;
    }

    /** {@code <first jar's name>-<digest>.jsa}: the digest covers the JDK, the flags and each jar's path, size and time. */
    String archiveName(List<Path> jars) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<String> facts = new ArrayList<>(List.of(javaBinary, Runtime.version().toString()));
        facts.addAll(jvmFlags);
        for (Path jar : jars) {
            facts.add(jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis());
        }
        digest.update(String.join("\n", facts).getBytes(StandardCharsets.UTF_8));
        return stem(jars) + "-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jsa";
    }

    private void recordOne(List<Path> jars, List<String> handlers, Map<String, String> environment, Path archive)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path recording = Files.createTempFile(dir, stem(jars) + "-", ".recording");
        Files.delete(recording);
        List<String> command = new ArrayList<>(List.of(javaBinary));
        command.addAll(jvmFlags);
        command.add("-XX:ArchiveClassesAtExit=" + recording);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()),
                RuntimeLoop.class.getName(), RuntimeLoop.INIT_ONLY));
        command.addAll(handlers);
        Path log = dir.resolve(stem(jars) + "-recording.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean ended = process.waitFor(RECORD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        if (!ended || process.exitValue() != 0 || !Files.isRegularFile(recording) || Files.size(recording) == 0) {
            Files.deleteIfExists(recording);
            LOG.warn("No class data sharing archive for {}: the recording JVM {}; its functions start without one (see {})",
                    jars.get(0).getFileName(), ended ? "exited " + process.exitValue() : "ran over " + RECORD_LIMIT.toSeconds() + " s", log);
            return;
        }
        deleteOlderArchives(jars, archive);
        Files.move(recording, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Class data sharing archive recorded: artifact={} handlers={} archive={} ms={}", jars.get(0).getFileName(),
                handlers.size(), archive.getFileName(), (System.nanoTime() - started) / 1_000_000);
    }

    private void deleteOlderArchives(List<Path> jars, Path current) throws IOException {
        String prefix = stem(jars) + "-";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".jsa") && !file.equals(current)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static String stem(List<Path> jars) {
        return jars.get(0).getFileName().toString().replaceFirst("\\.jar$", "");
    }

    private static boolean isJar(Path entry) {
        return Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".jar");
    }
}
