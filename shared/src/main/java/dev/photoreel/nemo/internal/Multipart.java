package dev.photoreel.nemo.internal;

import dev.photoreel.nemo.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with one {@code files} part per file. File bytes are streamed
 * from {@link FileUpload.Body#open()} when the request is sent, never loaded whole into memory. When
 * every file's size is known the body has a Content-Length; otherwise it is sent chunked.
 */
public final class Multipart {

    private final String boundary = "photoreel-" + UUID.randomUUID();
    private final List<FileUpload> files;

    public Multipart(List<FileUpload> files) {
        this.files = List.copyOf(files);
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public BodyPublisher publisher() {
        List<BodyPublisher> parts = new ArrayList<>();
        long length = 0;
        boolean lengthKnown = true;
        for (FileUpload file : files) {
            byte[] head = partHead(file);
            parts.add(BodyPublishers.ofByteArray(head));
            parts.add(BodyPublishers.ofInputStream(() -> open(file)));
            byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
            parts.add(BodyPublishers.ofByteArray(tail));
            length += head.length + tail.length;
            if (file.size() >= 0) {
                length += file.size();
            } else {
                lengthKnown = false;
            }
        }
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        parts.add(BodyPublishers.ofByteArray(end));
        length += end.length;
        BodyPublisher body = BodyPublishers.concat(parts.toArray(BodyPublisher[]::new));
        return lengthKnown ? BodyPublishers.fromPublisher(body, length) : BodyPublishers.fromPublisher(body);
    }

    private byte[] partHead(FileUpload file) {
        String contentType = file.contentType() == null || file.contentType().isBlank()
                ? "application/octet-stream" : file.contentType();
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"" + quote(file.filename()) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n";
        return head.getBytes(StandardCharsets.UTF_8);
    }

    /** Quotes a file name for the Content-Disposition header (RFC 7578: UTF-8, quotes and line breaks escaped). */
    static String quote(String filename) {
        return filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static java.io.InputStream open(FileUpload file) {
        try {
            return file.body().open();
        } catch (IOException e) {
            throw new SourceFailure("could not open '" + file.filename() + "' for upload: " + e.getMessage(), e);
        }
    }

    /** Opening a file's bytes failed: our side (e.g. S3), not the vendor. */
    public static final class SourceFailure extends UncheckedIOException {
        SourceFailure(String message, IOException cause) {
            super(message, cause);
        }
    }
}
