package dev.photoreel.nemo;

import java.io.IOException;
import java.io.InputStream;

/** One file to upload as a multipart {@code files} part; the body is opened when it is sent. */
public record FileUpload(String filename, String contentType, long size, Body body) {

    /** Opens the bytes of the file; called once per attempt. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }
}
