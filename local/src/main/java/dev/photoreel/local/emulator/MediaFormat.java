package dev.photoreel.local.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The upload formats the vendor accepts, recognised by their magic bytes (never by the file name).
 */
public enum MediaFormat {
    JPEG("jpg", "image", "image/jpeg"),
    PNG("png", "image", "image/png"),
    GIF("gif", "image", "image/gif"),
    WEBP("webp", "image", "image/webp"),
    MP3("mp3", "audio", "audio/mpeg"),
    WAV("wav", "audio", "audio/wav"),
    M4A("m4a", "audio", "audio/mp4"),
    AAC("aac", "audio", "audio/aac"),
    MP4("mp4", "video", "video/mp4"),
    MOV("mov", "video", "video/quicktime"),
    WEBM("webm", "video", "video/webm"),
    MKV("mkv", "video", "video/x-matroska"),
    AVI("avi", "video", "video/x-msvideo");

    /** The formats named in a 4001 message. */
    public static final String SUPPORTED = "mp4, mov, avi, webm, mkv, jpg/jpeg, png, gif, webp, mp3, wav, m4a, aac";

    /** How many leading bytes {@link #sniff} looks at. */
    public static final int SNIFF_BYTES = 64;

    private final String extension;
    private final String fileType;
    private final String mimeType;

    MediaFormat(String extension, String fileType, String mimeType) {
        this.extension = extension;
        this.fileType = fileType;
        this.mimeType = mimeType;
    }

    public String extension() {
        return extension;
    }

    /** {@code image}, {@code audio} or {@code video}, as in the upload response's {@code file_type}. */
    public String fileType() {
        return fileType;
    }

    public String mimeType() {
        return mimeType;
    }

    public boolean isImage() {
        return "image".equals(fileType);
    }

    public boolean isAudio() {
        return "audio".equals(fileType);
    }

    /** Recognises a format from the first bytes of a file (at least {@link #SNIFF_BYTES} when the file is that long). */
    public static Optional<MediaFormat> sniff(byte[] head) {
        int n = head.length;
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, "GIF87a") || startsWith(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (startsWith(head, 0, "RIFF") && n >= 12) {
            if (startsWith(head, 8, "WEBP")) {
                return Optional.of(WEBP);
            }
            if (startsWith(head, 8, "WAVE")) {
                return Optional.of(WAV);
            }
            if (startsWith(head, 8, "AVI ")) {
                return Optional.of(AVI);
            }
            return Optional.empty();
        }
        if (n >= 12 && startsWith(head, 4, "ftyp")) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "M4A ", "M4B ", "M4P " -> Optional.of(M4A);
                case "qt  " -> Optional.of(MOV);
                default -> Optional.of(MP4);
            };
        }
        if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) {
            return Optional.of(contains(head, "webm") ? WEBM : MKV);
        }
        if (startsWith(head, 0, "ID3")) {
            return Optional.of(MP3);
        }
        if (n >= 3 && u(head, 0) == 0xFF) {
            int b1 = u(head, 1);
            if ((b1 & 0xF6) == 0xF0) {
                return Optional.of(AAC); // ADTS: 12-bit sync, layer 00
            }
            int layer = (b1 >> 1) & 0x3;
            int bitrateIndex = u(head, 2) >> 4;
            if ((b1 & 0xE0) == 0xE0 && layer != 0 && bitrateIndex != 0xF && (u(head, 2) >> 2 & 0x3) != 0x3) {
                return Optional.of(MP3); // MPEG audio frame sync
            }
        }
        return Optional.empty();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static boolean startsWith(byte[] b, int offset, String ascii) {
        if (b.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] b, String ascii) {
        return new String(b, StandardCharsets.ISO_8859_1).contains(ascii);
    }
}
