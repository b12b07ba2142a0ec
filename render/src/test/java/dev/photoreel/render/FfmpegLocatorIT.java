package dev.photoreel.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test class path carries the bundled ffmpeg of this machine's architecture (see shared/pom.xml). */
class FfmpegLocatorIT {

    private static final ClassLoader RESOURCES = FfmpegLocatorIT.class.getClassLoader();
    /** A class loader that sees no bundled ffmpeg, as in the functions' Lambda artifact. */
    private static final ClassLoader NO_RESOURCES = ClassLoader.getPlatformClassLoader();

    @TempDir
    Path dir;

    private Path executable(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put(BundledFfmpeg.CACHE_ENV, dir.resolve("cache").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static BundledFfmpeg.Build thisMachine() {
        return BundledFfmpeg.forPlatform(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow();
    }

    @Test
    void locate_environmentVariable_overridesBundledAndPath() throws IOException {
        Path ffmpeg = executable(dir.resolve("custom"), "my-ffmpeg");
        Path onPath = dir.resolve("bin");
        executable(onPath, "ffmpeg");

        Ffmpeg found = FfmpegLocator.locate(env(FfmpegLocator.FFMPEG_ENV, ffmpeg.toString(), "PATH", onPath.toString()),
                "Linux", "amd64", RESOURCES);

        assertEquals(ffmpeg, found.executable());
        assertTrue(Files.notExists(dir.resolve("cache")), "nothing extracted when the variable is set");
    }

    @Test
    void locate_onLinux_usesBundledFfmpegEvenWhenOneIsOnThePath() throws IOException {
        Path onPath = dir.resolve("bin");
        executable(onPath, "ffmpeg");

        Ffmpeg found = FfmpegLocator.locate(env("PATH", onPath.toString()), System.getProperty("os.name"),
                System.getProperty("os.arch"), RESOURCES);

        assertEquals(dir.resolve("cache").resolve(thisMachine().fileName()), found.executable());
        assertTrue(Files.isExecutable(found.executable()));
        assertEquals(thisMachine().size(), Files.size(found.executable()));
    }

    @Test
    void locate_offLinux_findsFfmpegOnThePath() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path ffmpeg = executable(dir.resolve("bin"), "ffmpeg");

        Ffmpeg found = FfmpegLocator.locate(env("PATH", empty + ":" + ffmpeg.getParent()), "Mac OS X", "aarch64",
                RESOURCES);

        assertEquals(ffmpeg, found.executable());
    }

    @Test
    void locate_offLinuxWithNothingOnPath_saysWhatToSet() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        RenderException error = assertThrows(RenderException.class,
                () -> FfmpegLocator.locate(env("PATH", empty.toString()), "Mac OS X", "aarch64", RESOURCES));

        assertTrue(error.getMessage().contains(FfmpegLocator.FFMPEG_ENV), error.getMessage());
        assertTrue(error.getMessage().contains("Mac OS X/aarch64"), error.getMessage());
    }

    @Test
    void locate_onLinuxWithoutTheBundledArtifact_namesTheArtifactAndVariable() {
        RenderException error = assertThrows(RenderException.class,
                () -> FfmpegLocator.locate(env(), "Linux", "amd64", NO_RESOURCES));

        assertTrue(error.getMessage().contains("ws.schild:jave-nativebin-linux64:3.5.0"), error.getMessage());
        assertTrue(error.getMessage().contains(FfmpegLocator.FFMPEG_ENV), error.getMessage());
    }

    @Test
    void locate_whenEnvironmentPointsAtNonExecutable_namesTheVariable() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("ffmpeg.txt"), "no");

        RenderException error = assertThrows(RenderException.class, () -> FfmpegLocator.locate(
                env(FfmpegLocator.FFMPEG_ENV, notExecutable.toString()), "Linux", "amd64", RESOURCES));

        assertTrue(error.getMessage().contains(FfmpegLocator.FFMPEG_ENV), error.getMessage());
        assertTrue(error.getMessage().contains(notExecutable.toString()), error.getMessage());
    }

    @Test
    void forPlatform_coversLinuxX8664AndArm64Only() {
        assertEquals(BundledFfmpeg.AMD64, BundledFfmpeg.forPlatform("Linux", "amd64").orElseThrow());
        assertEquals(BundledFfmpeg.ARM64, BundledFfmpeg.forPlatform("Linux", "aarch64").orElseThrow());
        assertTrue(BundledFfmpeg.forPlatform("Linux", "s390x").isEmpty());
        assertTrue(BundledFfmpeg.forPlatform("Windows 11", "amd64").isEmpty());
    }

    @Test
    void extract_replacesATruncatedCopy() throws IOException {
        BundledFfmpeg.Build build = thisMachine();
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path truncated = cache.resolve(build.fileName());
        Files.writeString(truncated, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(truncated, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path extracted = BundledFfmpeg.extract(build, RESOURCES, cache);

        assertEquals(truncated, extracted);
        assertEquals(build.size(), Files.size(extracted));
        assertTrue(runsAsFfmpeg(extracted));
    }

    @Test
    void extract_whenResourceIsNotTheExpectedBuild_refusesIt() throws IOException {
        BundledFfmpeg.Build wrong = new BundledFfmpeg.Build(thisMachine().resource(), "test:artifact:1",
                thisMachine().size(), "0".repeat(64));
        Path cache = dir.resolve("cache");

        RenderException error = assertThrows(RenderException.class, () -> BundledFfmpeg.extract(wrong, RESOURCES, cache));

        assertTrue(error.getMessage().contains("not the expected build"), error.getMessage());
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(), left.toList(), "no partial or unchecked file is left in the cache");
        }
    }

    @Test
    void extract_concurrently_givesEveryCallerTheSameCompleteExecutable() throws Exception {
        BundledFfmpeg.Build build = thisMachine();
        Path cache = dir.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Path>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> BundledFfmpeg.extract(build, RESOURCES, cache));
            }
            List<Path> results = new ArrayList<>();
            for (Future<Path> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertEquals(1, results.stream().distinct().count(), results.toString());
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(cache.resolve(build.fileName())), left.toList(), "only the executable is left");
        }
        assertTrue(runsAsFfmpeg(cache.resolve(build.fileName())));
    }

    @Test
    void locate_forThisMachine_findsAnFfmpegWithEveryFilterTheEngineUses() {
        Ffmpeg found = FfmpegLocator.locate();

        assertTrue(Files.isExecutable(found.executable()), found.toString());
        FfmpegFilters.of(found).requireAll(FilterGraphBuilder.REQUIRED_FILTERS);
    }

    @Test
    void filters_parseTheListingAndNameWhatIsMissing() {
        String listing = """
                Filters:
                  T.. = Timeline support
                  ... = Source or sink filter
                 T.C drawtext          V->V       Draw text on top of video frames using libfreetype library.
                 .S. xfade             VV->V      Cross fade one video with another video.
                 ... anullsrc          |->A       Null audio source, return empty audio frames.
                """;

        java.util.Set<String> names = FfmpegFilters.parse(listing);
        assertEquals(java.util.Set.of("drawtext", "xfade", "anullsrc"), names);

        FfmpegFilters filters = new FfmpegFilters(new Ffmpeg(Path.of("/opt/old/ffmpeg")), names);
        RenderException error = assertThrows(RenderException.class,
                () -> filters.requireAll(List.of("xfade", "zoompan", "loudnorm")));
        assertTrue(error.getMessage().contains("lacks the filters loudnorm, zoompan "), error.getMessage());
        assertTrue(error.getMessage().contains("/opt/old/ffmpeg"), error.getMessage());
    }

    private static boolean runsAsFfmpeg(Path executable) {
        ProcessRunner.Result result = ProcessRunner.run(List.of(executable.toString(), "-hide_banner", "-version"),
                java.time.Duration.ofSeconds(30));
        String out = new String(result.stdout(), StandardCharsets.UTF_8);
        return result.succeeded() && out.startsWith("ffmpeg version 4.4.1");
    }
}
