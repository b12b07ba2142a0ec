package dev.photoreel.render;

import dev.photoreel.config.Environment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ffmpeg executable, in this order:
 * <ol>
 *   <li>the environment variable {@code PHOTOREEL_FFMPEG} (a path);</li>
 *   <li>on Linux x86_64 and arm64: the bundled static ffmpeg ({@link BundledFfmpeg}), whatever the machine has
 *       installed, so local renders, the tests and a render function all run the same build;</li>
 *   <li>elsewhere: {@code ffmpeg} on the {@code PATH}.</li>
 * </ol>
 */
public final class FfmpegLocator {

    public static final String FFMPEG_ENV = "PHOTOREEL_FFMPEG";

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegLocator.class);
    private static volatile Ffmpeg cached;

    private FfmpegLocator() {
    }

    /** The ffmpeg for this process's environment and platform, located (and extracted) once and then reused. */
    public static Ffmpeg locate() {
        Ffmpeg result = cached;
        if (result == null) {
            synchronized (FfmpegLocator.class) {
                result = cached;
                if (result == null) {
                    result = locate(System.getenv(), System.getProperty("os.name"), System.getProperty("os.arch"),
                            FfmpegLocator.class.getClassLoader());
                    cached = result;
                }
            }
        }
        return result;
    }

    /**
     * Locates ffmpeg for the given environment ({@code PHOTOREEL_FFMPEG}, {@code PATH}, the cache folder) and
     * platform, looking for the bundled build through {@code resources}.
     *
     * @throws RenderException when no ffmpeg is found; the message says what to do
     */
    static Ffmpeg locate(Map<String, String> env, String osName, String osArch, ClassLoader resources) {
        Optional<Path> configured = fromEnv(env);
        if (configured.isPresent()) {
            LOG.info("ffmpeg located source={} path={}", FFMPEG_ENV, configured.get());
            return new Ffmpeg(configured.get());
        }
        Optional<BundledFfmpeg.Build> bundled = BundledFfmpeg.forPlatform(osName, osArch);
        if (bundled.isPresent()) {
            Path path = BundledFfmpeg.extract(bundled.get(), resources, BundledFfmpeg.cacheDir(env));
            LOG.info("ffmpeg located source=bundled artifact={} path={}", bundled.get().artifact(), path);
            return new Ffmpeg(path);
        }
        Path onPath = onPath(env).orElseThrow(() -> new RenderException("ffmpeg was not found on the PATH of this "
                + osName + "/" + osArch + " machine (the bundled ffmpeg covers Linux x86_64 and arm64 only): "
                + "install ffmpeg with libx264, or set " + FFMPEG_ENV + " to the path of an ffmpeg executable"));
        LOG.info("ffmpeg located source=PATH path={}", onPath);
        return new Ffmpeg(onPath);
    }

    private static Optional<Path> fromEnv(Map<String, String> env) {
        Optional<String> value = new Environment(env).optional(FFMPEG_ENV);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(value.get());
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new RenderException(FFMPEG_ENV + " is set to " + path + ", which is not an executable file: "
                    + "fix the path or unset " + FFMPEG_ENV);
        }
        return Optional.of(path);
    }

    private static Optional<Path> onPath(Map<String, String> env) {
        String pathVariable = env.get("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            for (String name : new String[] {"ffmpeg", "ffmpeg.exe"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
