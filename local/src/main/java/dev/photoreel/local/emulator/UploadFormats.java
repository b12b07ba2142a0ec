package dev.photoreel.local.emulator;

import dev.photoreel.media.MediaFormat;
import dev.photoreel.media.MediaPolicy;

/** The emulator's side of the one sniffer: an upload is accepted when the vendor's policy accepts its first bytes. */
final class UploadFormats {

    private UploadFormats() {
    }

    /** The format of an upload, or the vendor's 4001 answer naming the file and the formats it accepts. */
    static MediaFormat accepted(String filename, byte[] head) {
        return MediaPolicy.NEMOVIDEO.accept(head).orElseThrow(() -> ApiError.fileCode(4001,
                "Unsupported file: " + filename + " is not a supported image, audio or video file (its content "
                        + "matches no known format); supported formats: " + MediaPolicy.NEMOVIDEO.supported(), filename));
    }
}
