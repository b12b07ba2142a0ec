package dev.photoreel.local.emulator;

import static dev.photoreel.local.emulator.Exchanges.JSON;
import static dev.photoreel.local.emulator.Exchanges.ok;
import static dev.photoreel.local.emulator.Exchanges.readJson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.media.MediaFormat;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.photoreel.local.emulator.Exchanges.BadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload endpoint (multipart {@code files} parts, or {@code {"urls": [...]}} downloaded as the vendor does):
 * each file's format from its magic bytes, its size against {@code maxFileBytes}, its media info, then the store;
 * the JSON of a stored file; and {@link #resolveMedia}, which finds a draft segment's media for a render.
 */
final class UploadEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(UploadEndpoints.class);

    private final EmulatorOptions options;
    private final Sessions sessions;
    private final FileStore store;
    private final MediaInspector inspector;
    private final HttpClient fetcher;
    private final AtomicInteger uploads;

    /** {@code fetcher} downloads URL uploads and remote media; {@code uploads} counts the files stored (stats). */
    UploadEndpoints(EmulatorOptions options, Sessions sessions, FileStore store, MediaInspector inspector,
            HttpClient fetcher, AtomicInteger uploads) {
        this.options = options;
        this.sessions = sessions;
        this.store = store;
        this.inspector = inspector;
        this.fetcher = fetcher;
        this.uploads = uploads;
    }

    int upload(HttpExchange ex, String sessionId) throws IOException {
        Accounts.User user = sessions.authenticate(ex);
        Session session = sessions.session(sessionId, user);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = MultipartReader.boundaryOf(contentType);
        List<FileStore.Received> received = boundary != null ? receiveMultipart(ex, boundary) : receiveUrls(ex);
        try {
            List<StoredFile> stored = storeAll(received);
            session.addFiles(stored);
            uploads.addAndGet(stored.size());
            LOG.info("upload stored. sessionId={} files={}", sessionId, stored.size());
            ObjectNode data = JSON.createObjectNode();
            ArrayNode files = data.putArray("files");
            stored.forEach(f -> files.add(fileJson(f)));
            data.put("session_state_applied", true);
            return ok(ex, data);
        } finally {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
        }
    }

    private List<StoredFile> storeAll(List<FileStore.Received> received) throws IOException {
        if (received.isEmpty()) {
            throw new BadRequest(422, "No files: send multipart 'files' parts or JSON {\"urls\": [...], \"source_type\": \"url\"}");
        }
        List<MediaFormat> formats = new ArrayList<>();
        for (FileStore.Received r : received) {
            if (r.tooLarge()) {
                throw ApiError.fileCode(4002, "File too large: " + r.filename() + " is " + r.size() + " bytes; the limit is "
                        + options.maxFileBytes() + " bytes", r.filename());
            }
            MediaFormat format = UploadFormats.accepted(r.filename(), r.head());
            formats.add(format);
        }
        List<StoredFile> stored = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            FileStore.Received r = received.get(i);
            MediaInfo info = inspector.inspect(r.path(), formats.get(i));
            stored.add(store.storeUpload(r, formats.get(i), info));
        }
        return stored;
    }

    private List<FileStore.Received> receiveMultipart(HttpExchange ex, String boundary) throws IOException {
        List<FileStore.Received> received = new ArrayList<>();
        FileStore.CappedSink[] current = {null};
        try (InputStream in = ex.getRequestBody()) {
            MultipartReader.read(in, boundary, new MultipartReader.PartHandler() {
                @Override
                public OutputStream begin(String name, String filename, String partType) throws IOException {
                    if (!"files".equals(name) && filename == null) {
                        return OutputStream.nullOutputStream();
                    }
                    String fname = filename != null ? filename : "file" + (received.size() + 1);
                    current[0] = new FileStore.CappedSink(fname, store.newTempFile(".upload"), options.maxFileBytes());
                    return current[0];
                }

                @Override
                public void end() throws IOException {
                    if (current[0] != null) {
                        current[0].close();
                        received.add(current[0].received());
                        current[0] = null;
                    }
                }
            });
        } catch (IOException e) {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
            throw new BadRequest(400, "Malformed multipart body: " + e.getMessage());
        }
        return received;
    }

    private List<FileStore.Received> receiveUrls(HttpExchange ex) throws IOException {
        JsonNode body = readJson(ex);
        JsonNode urls = body.path("urls");
        if (!urls.isArray() || urls.isEmpty()) {
            throw new BadRequest(422, "Send multipart 'files' parts, or JSON {\"urls\": [...], \"source_type\": \"url\"} with at least one URL");
        }
        List<FileStore.Received> received = new ArrayList<>();
        try {
            for (JsonNode u : urls) {
                received.add(fetch(u.asText()));
            }
        } catch (IOException | RuntimeException e) {
            for (FileStore.Received r : received) {
                Files.deleteIfExists(r.path());
            }
            throw e;
        }
        return received;
    }

    /** Downloads one URL as the vendor does (so a presigned S3 GET URL works). */
    private FileStore.Received fetch(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.withCode(400, 400, "Invalid URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw ApiError.withCode(400, 400, "Invalid URL (http or https only): " + url);
        }
        String shown = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(); // never echo signatures
        String path = uri.getPath() == null ? "" : uri.getPath();
        String filename = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
        if (filename.isBlank()) {
            filename = "download";
        }
        HttpResponse<InputStream> response;
        try {
            response = fetcher.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + shown, e);
        } catch (IOException e) {
            throw ApiError.withCode(400, 400, "Could not download " + shown + ": " + e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                in.readAllBytes();
                throw ApiError.withCode(400, 400, "Could not download " + shown + ": HTTP " + response.statusCode());
            }
            FileStore.CappedSink sink = new FileStore.CappedSink(filename, store.newTempFile(".fetch"), options.maxFileBytes());
            try (sink) {
                in.transferTo(sink);
            }
            return sink.received();
        }
    }

    static ObjectNode fileJson(StoredFile f) {
        ObjectNode json = JSON.createObjectNode();
        json.put("filename", f.filename()).put("file_type", f.format().kind().name().toLowerCase(Locale.ROOT)).put("cdn_url", f.cdnUrl());
        MediaInfo info = f.info();
        putNumber(json, "duration", info.durationSeconds());
        putNumber(json, "width", info.width() == null ? null : info.width().doubleValue());
        putNumber(json, "height", info.height() == null ? null : info.height().doubleValue());
        putNumber(json, "fps", info.fps());
        json.put("hash", f.sha256()).put("size", f.size()).put("format", f.format().extension());
        return json;
    }

    private static void putNumber(ObjectNode json, String field, Double value) {
        if (value == null) {
            json.putNull(field);
        } else if (value == Math.rint(value) && !field.equals("duration") && !field.equals("fps")) {
            json.put(field, value.longValue());
        } else {
            json.put(field, value);
        }
    }

    /** Maps a segment's {@code src} to a local file: the emulator's own files directly, other URLs downloaded. */
    Path resolveMedia(String src) {
        Optional<Path> local = store.localFileOf(src);
        if (local.isPresent()) {
            return local.get();
        }
        if (src.startsWith("http://") || src.startsWith("https://")) {
            try {
                FileStore.Received r = fetch(src);
                if (r.tooLarge()) {
                    throw new IllegalArgumentException("media " + src + " is larger than the upload limit");
                }
                return r.path();
            } catch (IOException | ApiError e) {
                throw new IllegalArgumentException("could not fetch media " + src + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("media source is not a URL this emulator can read: " + src);
    }
}
