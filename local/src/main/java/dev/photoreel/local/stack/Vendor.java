package dev.photoreel.local.stack;

import java.net.URI;

/** The NemoVideo service the handlers talk to: the emulator the stack started, or a real base URL. */
public interface Vendor extends AutoCloseable {

    URI baseUrl();

    @Override
    void close();

    /** A vendor the stack did not start and does not stop (e.g. the real service from {@code NEMO_API_BASE}). */
    static Vendor external(URI baseUrl) {
        return new Vendor() {
            @Override
            public URI baseUrl() {
                return baseUrl;
            }

            @Override
            public void close() {
            }
        };
    }
}
