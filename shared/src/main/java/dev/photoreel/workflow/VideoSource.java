package dev.photoreel.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/** Opens the rendered video at the vendor's URL as a stream (never read whole into memory). */
public interface VideoSource {

    /** @param bearerToken sent as Authorization when not null (the vendor's download endpoint needs it) */
    InputStream open(URI url, String bearerToken) throws IOException;
}
