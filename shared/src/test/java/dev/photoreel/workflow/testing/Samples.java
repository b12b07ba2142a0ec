package dev.photoreel.workflow.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small files with real magic bytes, and minimal MP4s, for tests. */
public final class Samples {

    private Samples() {
    }

    public static byte[] jpeg() {
        return pad(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'}, 64);
    }

    public static byte[] png() {
        return pad(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, 64);
    }

    public static byte[] gif() {
        return pad("GIF89a".getBytes(StandardCharsets.US_ASCII), 64);
    }

    public static byte[] webp() {
        return pad("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 64);
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
