package dev.photoreel.local.emulator;

import dev.photoreel.media.MediaFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The emulator's "CDN": uploads under {@code <root>/uploads/<id>/<name>}, renders under
 * {@code <root>/renders/<id>.mp4}, all served at {@code <baseUrl>/files/<relative path>}.
 */
final class FileStore {

    private final Path root;
    private final Path tmp;
    private volatile String baseUrl;

    FileStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = Files.createDirectories(this.root.resolve("tmp"));
        Files.createDirectories(this.root.resolve("uploads"));
        Files.createDirectories(this.root.resolve("renders"));
    }

    void baseUrl(String value) {
        baseUrl = value;
    }

    Path root() {
        return root;
    }

    Path newTempFile(String suffix) throws IOException {
        return Files.createTempFile(tmp, "part-", suffix);
    }

    /** Moves a received upload into the store. */
    StoredFile storeUpload(Received received, MediaFormat format, MediaInfo info) throws IOException {
        String id = "f_" + UUID.randomUUID().toString().replace("-", "");
        Path dir = Files.createDirectories(root.resolve("uploads").resolve(id));
        String name = safeName(received.filename(), format);
        Path target = dir.resolve(name);
        Files.move(received.path(), target, StandardCopyOption.REPLACE_EXISTING);
        return new StoredFile(id, received.filename(), format, target, received.size(), received.sha256(), info,
                urlOf(target));
    }

    Path renderOutput(String renderId) {
        return root.resolve("renders").resolve(safeName(renderId, null) + ".mp4");
    }

    /** The public URL of a file inside the store. */
    String urlOf(Path file) {
        Path rel = root.relativize(file.toAbsolutePath().normalize());
        StringBuilder url = new StringBuilder(baseUrl).append("/files");
        for (Path part : rel) {
            url.append('/').append(URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return url.toString();
    }

    /** The stored file a {@code /files/...} URL path (already decoded, without the prefix) names; never outside the store. */
    Optional<Path> resolve(String relative) {
        if (relative.isEmpty() || relative.startsWith("tmp/")) {
            return Optional.empty();
        }
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root) || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** The local file behind one of this store's URLs, if it is one. */
    Optional<Path> localFileOf(String url) {
        String prefix = baseUrl + "/files/";
        if (url == null || !url.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = java.net.URLDecoder.decode(url.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
        return resolve(rest);
    }

    static String safeName(String filename, MediaFormat format) {
        String name = filename == null || filename.isBlank() ? "file" : Path.of(filename.replace('\\', '/')).getFileName().toString();
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.startsWith(".")) {
            name = "_" + name;
        }
        if (name.length() > 100) {
            name = name.substring(name.length() - 100);
        }
        if (format != null && !name.toLowerCase(java.util.Locale.ROOT).contains(".")) {
            name = name + "." + format.extension();
        }
        return name;
    }

    /** A file received to a temporary path, with what was seen while writing it. */
    record Received(String filename, Path path, long size, String sha256, byte[] head, boolean tooLarge) {
    }

    /**
     * Writes to a temporary file until {@code limit} bytes, then only counts (so the whole request is
     * still read and the caller can answer 4002 with the real size); keeps the first bytes and a SHA-256.
     */
    static final class CappedSink extends OutputStream {
        private final String filename;
        private final Path path;
        private final OutputStream out;
        private final long limit;
        private final MessageDigest digest;
        private final byte[] head = new byte[MediaFormat.SNIFF_BYTES];
        private long count;

        CappedSink(String filename, Path path, long limit) throws IOException {
            this.filename = filename;
            this.path = path;
            this.out = Files.newOutputStream(path);
            this.limit = limit;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count < head.length) {
                System.arraycopy(b, off, head, (int) count, (int) Math.min(len, head.length - count));
            }
            if (count + len <= limit) {
                out.write(b, off, len);
                digest.update(b, off, len);
            }
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        Received received() {
            byte[] h = java.util.Arrays.copyOf(head, (int) Math.min(count, head.length));
            return new Received(filename, path, count, HexFormat.of().formatHex(digest.digest()), h, count > limit);
        }
    }
}
