package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records real archives (a JVM per class path) for a fixture artifact, and proves a function's JVM maps its classes from
 * the archive: with {@code -Xshare:on} the JVM refuses to start unless the archive maps, and {@code class+load} names
 * where each class came from.
 */
class ClassDataArchivesIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String ECHO = "dev.photoreel.local.stack.fixtures.EchoHandler";
    private static final FunctionSpec FUNCTION = new FunctionSpec("EchoFunction", "EchoFunction", ECHO, 10, 256, null, Map.of("QUIET", "1"));

    @TempDir
    Path dir;
    private List<Path> classPath;
    private ClassDataArchives archives;

    @BeforeEach
    void artifact() throws IOException {
        Path artifact = fixturesJar(dir.resolve("fixtures.jar"));
        classPath = new ArrayList<>(List.of(artifact));
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(Path::of)
                .filter(jar -> jar.getFileName().toString().matches("(aws-lambda-java-core|jackson-(core|databind|annotations))-.*\\.jar"))
                .forEach(classPath::add);
        classPath.add(FunctionSandbox.writeRuntimeLoop(dir.resolve("runtime-loop")));
        archives = new ClassDataArchives(dir.resolve("cds"), JAVA, FunctionRuntime.JVM_FLAGS);
    }

    @Test
    void aRecordedArchive_servesTheHandlersClassesToTheFunctionsJvm() throws Exception {
        archives.record(List.of(FUNCTION), function -> classPath, FunctionSpec::environment);

        List<String> flags = archives.flags(classPath);
        assertFalse(flags.isEmpty(), "an archive for the fixture artifact");
        String withArchive = loadEcho(flags);
        assertTrue(withArchive.contains(ECHO + " source: shared objects file (top)"), "the handler comes from the archive:\n" + tail(withArchive));
        String without = loadEcho(List.of());
        assertFalse(without.contains(ECHO + " source: shared objects file"), "control: without the flags it comes from the jar:\n" + tail(without));
    }

    @Test
    void aRebuiltArtifact_getsANewArchive_andTheOldOneIsDeleted() throws Exception {
        archives.record(List.of(FUNCTION), function -> classPath, FunctionSpec::environment);
        List<Path> first = recorded();
        assertEquals(1, first.size(), first.toString());

        Files.setLastModifiedTime(classPath.get(0), FileTime.fromMillis(Files.getLastModifiedTime(classPath.get(0)).toMillis() + 5_000));
        ClassDataArchives afterRebuild = new ClassDataArchives(dir.resolve("cds"), JAVA, FunctionRuntime.JVM_FLAGS);
        afterRebuild.record(List.of(FUNCTION), function -> classPath, FunctionSpec::environment);

        List<Path> second = recorded();
        assertEquals(1, second.size(), second.toString());
        assertFalse(second.equals(first), "a new archive replaced " + first);
        assertTrue(loadEcho(afterRebuild.flags(classPath)).contains(ECHO + " source: shared objects file (top)"));
    }

    /** Starts the function's JVM as the stack does (its init only) with -Xshare:on, and returns its class+load log. */
    private String loadEcho(List<String> archiveFlags) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(FunctionRuntime.JVM_FLAGS);
        command.addAll(archiveFlags);
        command.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-cp",
                String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                RuntimeLoop.class.getName(), RuntimeLoop.INIT_ONLY, ECHO));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM ended");
        assertEquals(0, process.exitValue(), "-Xshare:on starts only when the archives map:\n" + tail(output));
        return output;
    }

    private List<Path> recorded() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cds"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    /** The fixture handlers' classes as a jar (CDS archives classes from jars only). */
    private static Path fixturesJar(Path jar) throws IOException {
        Path classes = Path.of("target/test-classes");
        Path fixtures = classes.resolve("dev/photoreel/local/stack/fixtures");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> files = Files.list(fixtures)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace(java.io.File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static String tail(String output) {
        return output.length() <= 3_000 ? output : "..." + output.substring(output.length() - 3_000);
    }
}
