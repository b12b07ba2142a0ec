package dev.photoreel.render;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ffmpeg and ffprobe executables, in this order:
 * <ol>
 *   <li>the environment variables {@code PHOTOREEL_FFMPEG} / {@code PHOTOREEL_FFPROBE} (paths);</li>
 *   <li>{@code ffmpeg} / {@code ffprobe} on the {@code PATH} (ffprobe is also looked for next to ffmpeg);</li>
 *   <li>the executables inside {@code org.bytedeco:ffmpeg:7.1-1.5.11:linux-x86_64-gpl} when that is on the
 *       classpath (loaded reflectively: {@code shared} has no compile-time dependency on it).</li>
 * </ol>
 */
public final class FfmpegLocator {

    public static final String FFMPEG_ENV = "PHOTOREEL_FFMPEG";
    public static final String FFPROBE_ENV = "PHOTOREEL_FFPROBE";

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegLocator.class);
    private static final String BYTEDECO_LOADER = "org.bytedeco.javacpp.Loader";
    private static volatile FfmpegExecutables cached;

    private FfmpegLocator() {
    }

    /** The executables for this process's environment, located once and then reused. */
    public static FfmpegExecutables locate() {
        FfmpegExecutables result = cached;
        if (result == null) {
            synchronized (FfmpegLocator.class) {
                result = cached;
                if (result == null) {
                    result = locate(System.getenv());
                    cached = result;
                }
            }
        }
        return result;
    }

    /**
     * Locates the executables using the given environment (for {@code PHOTOREEL_FFMPEG}, {@code PHOTOREEL_FFPROBE}
     * and {@code PATH}).
     *
     * @throws RenderException when no ffmpeg is found; the message says what to install
     */
    public static FfmpegExecutables locate(Map<String, String> env) {
        return locate(env, classLoader());
    }

    /** As {@link #locate(Map)}, looking for the bytedeco fallback through {@code bytedecoLoader}. */
    static FfmpegExecutables locate(Map<String, String> env, ClassLoader bytedecoLoader) {
        Path ffmpeg = fromEnv(env, FFMPEG_ENV)
                .or(() -> onPath(env, "ffmpeg"))
                .or(() -> fromBytedeco("org.bytedeco.ffmpeg.ffmpeg", bytedecoLoader))
                .orElseThrow(() -> new RenderException("ffmpeg was not found: install it (apt-get install -y ffmpeg), "
                        + "set " + FFMPEG_ENV + " to the path of an ffmpeg executable, or put "
                        + "org.bytedeco:ffmpeg:7.1-1.5.11:linux-x86_64-gpl on the classpath"));
        Path sibling = ffmpeg.resolveSibling("ffprobe");
        Path ffprobe = fromEnv(env, FFPROBE_ENV)
                .or(() -> Files.isExecutable(sibling) ? Optional.of(sibling) : Optional.empty())
                .or(() -> onPath(env, "ffprobe"))
                .or(() -> fromBytedeco("org.bytedeco.ffmpeg.ffprobe", bytedecoLoader))
                .orElse(null);
        LOG.info("ffmpeg located ffmpeg={} ffprobe={}", ffmpeg, ffprobe);
        return new FfmpegExecutables(ffmpeg, ffprobe);
    }

    private static Optional<Path> fromEnv(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value.trim());
        if (!Files.isExecutable(path)) {
            throw new RenderException(name + " is set to " + path + ", which is not an executable file: "
                    + "fix the path or unset " + name);
        }
        return Optional.of(path);
    }

    private static Optional<Path> onPath(Map<String, String> env, String executable) {
        String pathVariable = env.get("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ClassLoader classLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : FfmpegLocator.class.getClassLoader();
    }

    private static Optional<Path> fromBytedeco(String executableClass, ClassLoader loader) {
        try {
            Class<?> javacppLoader = Class.forName(BYTEDECO_LOADER, true, loader);
            Class<?> presetClass = Class.forName(executableClass, true, loader);
            Object path = javacppLoader.getMethod("load", Class.class).invoke(null, presetClass);
            if (path instanceof String s && !s.isBlank() && Files.isExecutable(Path.of(s))) {
                return Optional.of(Path.of(s));
            }
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("bytedeco ffmpeg is on the classpath but could not be loaded executable={} error={}",
                    executableClass, e.toString());
            return Optional.empty();
        }
    }
}
