package dev.photoreel.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Every media format photoreel or the vendor knows, recognised by its first bytes (magic numbers), never by
 * the file name. This is the one sniffer: what a side accepts is its {@link MediaPolicy}.
 */
public enum MediaFormat {
    JPEG("jpg", Kind.IMAGE, "image/jpeg"),
    PNG("png", Kind.IMAGE, "image/png"),
    GIF("gif", Kind.IMAGE, "image/gif"),
    WEBP("webp", Kind.IMAGE, "image/webp"),
    MP3("mp3", Kind.AUDIO, "audio/mpeg"),
    WAV("wav", Kind.AUDIO, "audio/wav"),
    M4A("m4a", Kind.AUDIO, "audio/mp4"),
    AAC("aac", Kind.AUDIO, "audio/aac"),
    MP4("mp4", Kind.VIDEO, "video/mp4"),
    MOV("mov", Kind.VIDEO, "video/quicktime"),
    AVI("avi", Kind.VIDEO, "video/x-msvideo"),
    WEBM("webm", Kind.VIDEO, "video/webm"),
    MKV("mkv", Kind.VIDEO, "video/x-matroska");

    /** What a format holds. */
    public enum Kind { IMAGE, AUDIO, VIDEO }

    /** How many leading bytes {@link #sniff} looks at (fewer when the file is shorter). */
    public static final int SNIFF_BYTES = 64;

    private final String extension;
    private final Kind kind;
    private final String mimeType;

    MediaFormat(String extension, Kind kind, String mimeType) {
        this.extension = extension;
        this.kind = kind;
        this.mimeType = mimeType;
    }

    /** The usual file extension ({@code jpg} for JPEG). */
    public String extension() {
        return extension;
    }

    /** The format's short name, lower case ({@code jpeg}, {@code png}, {@code mp3}, ...). */
    public String format() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Kind kind() {
        return kind;
    }

    public String mimeType() {
        return mimeType;
    }

    /** How a list of supported formats names this one ({@code jpg/jpeg} for JPEG). */
    String listedName() {
        return this == JPEG ? "jpg/jpeg" : extension;
    }

    /** Recognises a format from the first bytes of a file (at least {@link #SNIFF_BYTES} when the file is that long). */
    public static Optional<MediaFormat> sniff(byte[] head) {
        int n = head.length;
        if (n >= 3 && u(head, 0) == 0xFF && u(head, 1) == 0xD8 && u(head, 2) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) {
            return Optional.of(GIF);
        }
        if (ascii(head, 0, "RIFF")) {
            return riff(head);
        }
        if (n >= 12 && ascii(head, 4, "ftyp")) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "M4A ", "M4B ", "M4P " -> Optional.of(M4A);
                case "qt  " -> Optional.of(MOV);
                default -> Optional.of(MP4);
            };
        }
        if (startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(new String(head, StandardCharsets.ISO_8859_1).contains("webm") ? WEBM : MKV);
        }
        if (ascii(head, 0, "ID3")) {
            return Optional.of(MP3);
        }
        return mpegAudioFrame(head);
    }

    private static Optional<MediaFormat> riff(byte[] head) {
        if (ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (ascii(head, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (ascii(head, 8, "AVI ")) {
            return Optional.of(AVI);
        }
        return Optional.empty();
    }

    /**
     * An ADTS (AAC) or MPEG audio (MP3) frame header without an ID3 tag. An MPEG frame counts only with a
     * layer set, a bitrate index other than 15 ("bad") and a sampling rate index other than 3 ("reserved"):
     * the checks a decoder (and the vendor) makes before it accepts the frame.
     */
    private static Optional<MediaFormat> mpegAudioFrame(byte[] head) {
        if (head.length < 3 || u(head, 0) != 0xFF) {
            return Optional.empty();
        }
        int second = u(head, 1);
        if ((second & 0xF6) == 0xF0) {
            return Optional.of(AAC); // ADTS: 12-bit sync, layer 00
        }
        int layer = (second >> 1) & 0x3;
        int bitrateIndex = u(head, 2) >> 4;
        int samplingRateIndex = (u(head, 2) >> 2) & 0x3;
        if ((second & 0xE0) == 0xE0 && layer != 0 && bitrateIndex != 0xF && samplingRateIndex != 0x3) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static boolean startsWith(byte[] head, int offset, int... expected) {
        if (head.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (u(head, offset + i) != expected[i]) {
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
