package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared module's test classpath has no bytedeco ffmpeg, so only the environment and PATH can answer. */
class FfmpegLocatorTest {

    /** A class loader that cannot see org.bytedeco (which the test class path has), as on a machine without it. */
    private static final ClassLoader WITHOUT_BYTEDECO = ClassLoader.getPlatformClassLoader();


    @TempDir
    Path dir;

    private Path executable(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void locate_prefersEnvironmentVariablesOverPath() throws IOException {
        Path ffmpeg = executable(dir.resolve("custom"), "my-ffmpeg");
        Path ffprobe = executable(dir.resolve("custom"), "my-ffprobe");
        Path onPath = dir.resolve("bin");
        executable(onPath, "ffmpeg");

        FfmpegExecutables found = FfmpegLocator.locate(Map.of(FfmpegLocator.FFMPEG_ENV, ffmpeg.toString(),
                FfmpegLocator.FFPROBE_ENV, ffprobe.toString(), "PATH", onPath.toString()));

        assertEquals(ffmpeg, found.ffmpeg());
        assertEquals(ffprobe, found.ffprobe());
    }

    @Test
    void locate_findsFfmpegOnPathAndFfprobeNextToIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path bin = dir.resolve("bin");
        Path ffmpeg = executable(bin, "ffmpeg");
        Path ffprobe = executable(bin, "ffprobe");

        FfmpegExecutables found = FfmpegLocator.locate(Map.of("PATH", empty + ":" + bin));

        assertEquals(ffmpeg, found.ffmpeg());
        assertEquals(ffprobe, found.ffprobe());
    }

    @Test
    void locate_withoutFfprobe_leavesItEmpty() throws IOException {
        Path ffmpeg = executable(dir.resolve("only"), "ffmpeg");

        FfmpegExecutables found = FfmpegLocator.locate(Map.of("PATH", ffmpeg.getParent().toString()), WITHOUT_BYTEDECO);

        assertEquals(ffmpeg, found.ffmpeg());
        assertNull(found.ffprobe());
        assertTrue(found.ffprobeIfPresent().isEmpty());
    }

    @Test
    void locate_whenNothingIsFound_saysWhatToInstall() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        RenderException error = assertThrows(RenderException.class,
                () -> FfmpegLocator.locate(Map.of("PATH", empty.toString()), WITHOUT_BYTEDECO));

        assertTrue(error.getMessage().contains("apt-get install -y ffmpeg"), error.getMessage());
        assertTrue(error.getMessage().contains(FfmpegLocator.FFMPEG_ENV), error.getMessage());
        assertTrue(error.getMessage().contains("org.bytedeco:ffmpeg:7.1-1.5.11:linux-x86_64-gpl"), error.getMessage());
    }

    @Test
    void locate_whenEnvironmentPointsAtNonExecutable_namesTheVariable() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("ffmpeg.txt"), "no");

        RenderException error = assertThrows(RenderException.class,
                () -> FfmpegLocator.locate(Map.of(FfmpegLocator.FFMPEG_ENV, notExecutable.toString())));

        assertTrue(error.getMessage().contains(FfmpegLocator.FFMPEG_ENV), error.getMessage());
        assertTrue(error.getMessage().contains(notExecutable.toString()), error.getMessage());
    }

    @Test
    void locate_forThisMachine_findsARealFfmpeg() {
        FfmpegExecutables found = FfmpegLocator.locate();

        assertTrue(Files.isExecutable(found.ffmpeg()), found.toString());
        assertTrue(found.ffprobeIfPresent().isPresent(), "ffprobe: " + found);
    }

    @Test
    void locate_withNothingOnPath_fallsBackToBytedecoOnTheClassPath() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("nothing-here"));

        FfmpegExecutables found = FfmpegLocator.locate(Map.of("PATH", empty.toString()));

        assertTrue(found.ffmpeg().toString().contains("bytedeco"), found.ffmpeg().toString());
        assertTrue(Files.isExecutable(found.ffmpeg()), found.ffmpeg().toString());
        assertTrue(found.ffprobeIfPresent().isPresent(), "bytedeco ships ffprobe too");
    }
}
