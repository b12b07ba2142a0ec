package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What decides a function's archive, without starting a JVM (ClassDataArchivesIT records and maps real ones). */
class ClassDataArchivesTest {

    private static final FunctionSpec FUNCTION = new FunctionSpec("EchoFunction", "EchoFunction",
            "dev.photoreel.local.stack.fixtures.EchoHandler", 10, 256, null, Map.of());

    @TempDir
    Path dir;

    @Test
    void archiveName_isTheSameForTheSameJdkFlagsAndJars_andChangesWithAJarsTimeOrSize_orTheFlags() throws IOException {
        Path jar = Files.write(dir.resolve("photoreel-functions.jar"), new byte[] {1, 2, 3});
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), "/usr/bin/java", FunctionRuntime.JVM_FLAGS);
        String name = archives.archiveName(List.of(jar));

        assertTrue(name.matches("photoreel-functions-[0-9a-f]{16}\\.jsa"), name);
        assertEquals(name, new ClassDataArchives(dir.resolve("cds"), "/usr/bin/java", FunctionRuntime.JVM_FLAGS).archiveName(List.of(jar)));
        assertNotEquals(name, new ClassDataArchives(dir.resolve("cds"), "/usr/bin/java", List.of("-XX:+UseSerialGC")).archiveName(List.of(jar)),
                "other flags, another archive");
        assertNotEquals(name, new ClassDataArchives(dir.resolve("cds"), "/opt/jdk/bin/java", FunctionRuntime.JVM_FLAGS).archiveName(List.of(jar)),
                "another JDK, another archive");

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000));
        String touched = archives.archiveName(List.of(jar));
        assertNotEquals(name, touched, "a rebuilt jar (new time) gets a new archive");
        FileTime time = Files.getLastModifiedTime(jar);
        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, time);
        assertNotEquals(touched, archives.archiveName(List.of(jar)), "a jar of another size gets a new archive");
    }

    @Test
    void record_leavesAClassPathWithAFolderWithoutArchive_andStartsNoJvmForIt() throws Exception {
        Path taskRoot = Files.createDirectories(dir.resolve("task-root"));
        Files.write(taskRoot.resolve("Handler.class"), new byte[] {1});
        // a java binary that does not exist: a recording would fail to start, so the class path is never recorded
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), "/nonexistent/java", FunctionRuntime.JVM_FLAGS);

        archives.record(List.of(FUNCTION), function -> List.of(taskRoot), function -> Map.of());

        assertEquals(List.of(), archives.flags(List.of(taskRoot)), "classes in folders are not archived: no flags");
        assertEquals(List.of(), archives.flags(List.of(dir.resolve("never-recorded.jar"))));
    }

    @Test
    void record_usesAnArchiveAlreadyRecordedForTheSameJars_withoutStartingAJvm() throws Exception {
        Path jar = Files.write(dir.resolve("photoreel-functions.jar"), new byte[] {1, 2, 3});
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), "/nonexistent/java", FunctionRuntime.JVM_FLAGS);
        Path archive = Files.write(Files.createDirectories(dir.resolve("cds")).resolve(archives.archiveName(List.of(jar))), new byte[] {9});

        archives.record(List.of(FUNCTION), function -> List.of(jar), function -> Map.of());

        List<String> flags = archives.flags(List.of(jar));
        assertEquals("-XX:SharedArchiveFile=" + archive, flags.get(0));
        assertTrue(flags.containsAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off")), "CDS warnings stay out of the function's log: " + flags);
    }

    @Test
    void runtimeLoopJar_holdsTheRuntimeLoopAlone_andIsLeftUntouchedWhenItHasTheSameBytes() throws Exception {
        Path jar = FunctionSandbox.writeRuntimeLoop(dir);
        byte[] first = Files.readAllBytes(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000_000L));

        Path again = FunctionSandbox.writeRuntimeLoop(dir);

        assertEquals(jar, again);
        assertArrayEquals(first, Files.readAllBytes(again));
        assertEquals(1_000_000_000_000L, Files.getLastModifiedTime(again).toMillis(), "the same bytes: not written again (CDS checks the time)");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertEquals(List.of(RuntimeLoop.class.getName().replace('.', '/') + ".class"),
                    Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList());
        }
    }
}
