package dev.photoreel.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statically linked ffmpeg 4.4.1 that {@code ws.schild:jave-nativebin-linux64:3.5.0} (x86_64) and
 * {@code ws.schild:jave-nativebin-linux-arm64:3.5.0} (arm64) carry as a class path resource. It needs no system
 * library. Licence: that build is GPL-3.0 (it links libx264 and x265); it is fetched by Maven and never committed.
 *
 * <p>The executable is extracted once into a cache folder, under a name that carries its SHA-256, and reused
 * by every later JVM. Extraction writes a temporary file in the same folder, checks its size and SHA-256, makes it
 * executable and moves it into place atomically, so concurrent JVMs and threads never run a half-written file;
 * a cached copy of the wrong size (truncated, say) is replaced.
 */
final class BundledFfmpeg {

    /** Folder for the extracted executable; overrides {@code $XDG_CACHE_HOME/photoreel} and {@code ~/.cache/photoreel}. */
    static final String CACHE_ENV = "PHOTOREEL_CACHE_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(BundledFfmpeg.class);

    /** One build of the executable: where it is on the class path, which Maven artifact carries it, and its digest. */
    record Build(String resource, String artifact, long size, String sha256) {

        String fileName() {
            return "ffmpeg-4.4.1-" + sha256.substring(0, 16);
        }
    }

    static final Build AMD64 = new Build("ws/schild/jave/nativebin/ffmpeg-amd64",
            "ws.schild:jave-nativebin-linux64:3.5.0", 77_173_696L,
            "3ea58083710f63bf920b16c7d5d24ae081e7d731f57a656fed11af0410d4eb48");
    static final Build ARM64 = new Build("ws/schild/jave/nativebin/ffmpeg-aarch64",
            "ws.schild:jave-nativebin-linux-arm64:3.5.0", 48_379_440L,
            "97772dfc79fa8c483288de50c0a78904a1b79c94fa8a6b883677040e5bfc9b23");

    private BundledFfmpeg() {
    }

    /** The build for this operating system and architecture ({@code os.name}, {@code os.arch}); empty off Linux. */
    static Optional<Build> forPlatform(String osName, String osArch) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(AMD64);
            case "aarch64", "arm64" -> Optional.of(ARM64);
            default -> Optional.empty();
        };
    }

    /** {@code PHOTOREEL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/photoreel}, else {@code ~/.cache/photoreel}. */
    static Path cacheDir(Map<String, String> env) {
        String override = env.get(CACHE_ENV);
        if (override != null && !override.isBlank()) {
            return Path.of(override.trim());
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg.trim(), "photoreel");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "photoreel");
    }

    /**
     * The extracted executable for {@code build}, extracting it first when the cache has no complete copy.
     *
     * @throws RenderException when the resource is not on the class path, or the cache folder is not writable
     */
    static Path extract(Build build, ClassLoader loader, Path cacheDir) {
        Path target = cacheDir.resolve(build.fileName());
        if (isComplete(target, build)) {
            return target;
        }
        try (InputStream in = loader.getResourceAsStream(build.resource())) {
            if (in == null) {
                throw new RenderException("the bundled ffmpeg (" + build.artifact() + ") is not on the class path: "
                        + "add that dependency, or set " + FfmpegLocator.FFMPEG_ENV + " to an ffmpeg executable");
            }
            Files.createDirectories(cacheDir);
            Path temp = Files.createTempFile(cacheDir, "." + build.fileName() + "-", ".partial");
            try {
                String sha256 = copy(in, temp);
                long size = Files.size(temp);
                if (size != build.size() || !sha256.equals(build.sha256())) {
                    throw new RenderException("the bundled ffmpeg from " + build.artifact() + " is not the expected"
                            + " build (" + size + " bytes, sha256 " + sha256 + "; expected " + build.size()
                            + " bytes, sha256 " + build.sha256() + "): check that dependency's version");
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                moveIntoPlace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            LOG.info("bundled ffmpeg extracted path={} artifact={}", target, build.artifact());
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw new RenderException("could not extract the bundled ffmpeg into " + cacheDir + ": " + e.getMessage()
                    + " (set " + CACHE_ENV + " to a writable folder, or " + FfmpegLocator.FFMPEG_ENV
                    + " to an ffmpeg executable)", e);
        }
    }

    /** A cached copy is trusted when it has the build's exact size and is executable (it was checked before the move). */
    private static boolean isComplete(Path file, Build build) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == build.size() && Files.isExecutable(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static String copy(InputStream in, Path temp) throws IOException {
        MessageDigest digest = sha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Atomic where the file system allows it; a concurrent extraction of the same build writes the same bytes. */
    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
