package dev.photoreel.workflow.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small files with real magic bytes, and minimal MP4s, for tests. */
public final class Samples {

    private Samples() {
    }

    public static byte[] jpeg() {
        return jpeg(64, 48);
    }

    /** A JPEG header: SOI, a JFIF APP0, an EXIF-sized APP1 of filler, then SOF0 declaring the size. */
    public static byte[] jpeg(int width, int height) {
        byte[] app1 = new byte[200];
        return pad(concat(new byte[] {(byte) 0xFF, (byte) 0xD8},
                segment(0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0".getBytes(StandardCharsets.ISO_8859_1)),
                segment(0xE1, app1),
                segment(0xC0, new byte[] {8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3,
                        1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1}),
                new byte[] {(byte) 0xFF, (byte) 0xDA}), 64);
    }

    private static byte[] segment(int marker, byte[] body) {
        int length = body.length + 2;
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, body);
    }

    public static byte[] png() {
        return png(64, 48);
    }

    public static byte[] png(long width, long height) {
        return pad(concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'},
                ByteBuffer.allocate(8).putInt((int) width).putInt((int) height).array(), new byte[] {8, 2, 0, 0, 0}), 64);
    }

    public static byte[] gif() {
        return gif(64, 48, 1);
    }

    /** A GIF: logical screen, a global colour table, {@code frames} 1-pixel-data frames with control extensions, trailer. */
    public static byte[] gif(int width, int height, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "GIF89a".getBytes(StandardCharsets.US_ASCII));
        write(out, new byte[] {(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), (byte) 0x80, 0, 0});
        write(out, new byte[6]); // 2-colour global table
        write(out, new byte[] {0x21, (byte) 0xFF, 11, 'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0', 3, 1, 0, 0, 0});
        for (int i = 0; i < frames; i++) {
            write(out, new byte[] {0x21, (byte) 0xF9, 4, 0, 10, 0, 0, 0});
            write(out, new byte[] {0x2C, 0, 0, 0, 0, (byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), 0});
            write(out, new byte[] {2, 2, 0x4C, 0x01, 0});
        }
        out.write(0x3B);
        return pad(out.toByteArray(), 64);
    }

    public static byte[] webp() {
        return webp(64, 48);
    }

    /** A lossy WebP header (RIFF, VP8 chunk, key frame start code, 14-bit sizes). */
    public static byte[] webp(int width, int height) {
        return pad(concat("RIFF\0\0\0\0WEBPVP8 \0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {0x30, 0x01, 0x00, (byte) 0x9D, 0x01, 0x2A, (byte) width, (byte) ((width >> 8) & 0x3F),
                        (byte) height, (byte) ((height >> 8) & 0x3F)}), 64);
    }

    public static byte[] wav() {
        return pad("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1), 64);
    }

    public static byte[] mp3() {
        return pad("ID3\u0004\0\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), 64);
    }

    public static byte[] text() {
        return "hello, this is not a picture\n".getBytes(StandardCharsets.UTF_8);
    }

    /** An MP4 with ftyp, a media box of {@code mdatBytes}, and a moov/mvhd saying {@code seconds}. */
    public static byte[] mp4(double seconds, int mdatBytes, boolean moovFirst) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, box("ftyp", concat("isom".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0, 2, 0},
                "isomiso2avc1mp41".getBytes(StandardCharsets.US_ASCII))));
        byte[] moov = box("moov", box("mvhd", mvhd(1000, Math.round(seconds * 1000))));
        byte[] mdat = box("mdat", new byte[mdatBytes]);
        write(out, moovFirst ? moov : mdat);
        write(out, moovFirst ? mdat : moov);
        return out.toByteArray();
    }

    private static byte[] mvhd(int timescale, long duration) {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.put((byte) 0).put(new byte[3]);       // version 0, flags
        b.putInt(0).putInt(0);                    // creation, modification
        b.putInt(timescale).putInt((int) duration);
        b.put(new byte[80]);                      // rate, volume, matrix, ... (not read)
        return b.array();
    }

    public static byte[] box(String type, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length);
        b.putInt(8 + body.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(body);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            write(out, p);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes, 0, bytes.length);
    }

    private static byte[] pad(byte[] head, int size) {
        byte[] out = new byte[Math.max(size, head.length)];
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }
}
