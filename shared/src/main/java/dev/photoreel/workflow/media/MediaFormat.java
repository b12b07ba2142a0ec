package dev.photoreel.workflow.media;

import dev.photoreel.workflow.InputFile;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Recognises the supported input formats by their first bytes (magic numbers), never by the name. */
public final class MediaFormat {

    /** How many leading bytes {@link #detect} needs. */
    public static final int HEADER_BYTES = 16;

    public static final String SUPPORTED =
            "images: jpg/jpeg, png, webp, gif; audio (at most one, as background music): mp3, wav, m4a, aac";

    /** A detected format. */
    public record Detected(InputFile.Kind kind, String format) {
    }

    private MediaFormat() {
    }

    public static Optional<Detected> detect(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return image("jpeg");
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return image("png");
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return image("gif");
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return image("webp");
        }
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) {
            return audio("wav");
        }
        if (ascii(head, 4, "ftyp") && (ascii(head, 8, "M4A ") || ascii(head, 8, "M4B "))) {
            return audio("m4a");
        }
        if (ascii(head, 0, "ID3")) {
            return audio("mp3");
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF) {
            int second = head[1] & 0xFF;
            if ((second & 0xF6) == 0xF0) {
                return audio("aac"); // ADTS: sync 0xFFF, layer 00
            }
            if ((second & 0xE0) == 0xE0 && (second & 0x06) != 0) {
                return audio("mp3"); // MPEG audio frame sync with a layer set
            }
        }
        return Optional.empty();
    }

    private static Optional<Detected> image(String format) {
        return Optional.of(new Detected(InputFile.Kind.IMAGE, format));
    }

    private static Optional<Detected> audio(String format) {
        return Optional.of(new Detected(InputFile.Kind.AUDIO, format));
    }

    private static boolean startsWith(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] head, int offset, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (head[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
