package dev.photoreel.local.emulator;

import dev.photoreel.media.MediaFormat;
import java.nio.file.Path;

/**
 * An uploaded file as the emulator keeps it.
 *
 * @param id        the emulator's id of the file
 * @param filename  the name it was uploaded under (multipart file name, or the URL's last path segment)
 * @param format    what its magic bytes say
 * @param path      where its bytes are
 * @param size      bytes
 * @param sha256    hex digest
 * @param info      width/height/duration/fps as far as known
 * @param cdnUrl    where the emulator serves it
 */
public record StoredFile(String id, String filename, MediaFormat format, Path path, long size, String sha256,
                         MediaInfo info, String cdnUrl) {
}
