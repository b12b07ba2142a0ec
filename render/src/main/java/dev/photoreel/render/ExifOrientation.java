package dev.photoreel.render;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the EXIF orientation (1-8) of a JPEG, so a phone photo taken upright is shown upright. ffmpeg versions
 * disagree on whether they apply it inside a filter graph, so the engine turns ffmpeg's autorotation off and
 * applies the orientation itself.
 */
final class ExifOrientation {

    static final int NORMAL = 1;
    private static final int MAX_SEGMENT_SCAN = 64;

    private ExifOrientation() {
    }

    /** The orientation, or {@link #NORMAL} when the file is not a JPEG, has no EXIF orientation, or cannot be read. */
    static int read(Path image) {
        try (InputStream in = Files.newInputStream(image)) {
            return read(new DataInputStream(in));
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /** Whether the orientation turns the picture by 90 degrees (width and height swap). */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The ffmpeg filters that turn a stored picture with this orientation upright; empty for none. */
    static String filters(int orientation) {
        return switch (orientation) {
            case 2 -> "hflip";
            case 3 -> "hflip,vflip";
            case 4 -> "vflip";
            case 5 -> "transpose=cclock_flip";
            case 6 -> "transpose=clock";
            case 7 -> "transpose=clock_flip";
            case 8 -> "transpose=cclock";
            default -> "";
        };
    }

    private static int read(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) {
            return NORMAL;
        }
        for (int segment = 0; segment < MAX_SEGMENT_SCAN; segment++) {
            int marker = in.readUnsignedShort();
            if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                return NORMAL;
            }
            int length = in.readUnsignedShort() - 2;
            if (length < 0) {
                return NORMAL;
            }
            if (marker != 0xFFE1) {
                skipFully(in, length);
                continue;
            }
            byte[] app1 = new byte[length];
            in.readFully(app1);
            int orientation = fromApp1(app1);
            if (orientation != 0) {
                return orientation;
            }
        }
        return NORMAL;
    }

    private static int fromApp1(byte[] app1) {
        if (app1.length < 14 || !new String(app1, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("Exif\0\0")) {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(app1, 6, app1.length - 6).slice();
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (tiff.get(0) == 'M' && tiff.get(1) == 'M') {
            tiff.order(ByteOrder.BIG_ENDIAN);
        } else {
            return 0;
        }
        int ifd = tiff.getInt(4);
        int entries = Short.toUnsignedInt(tiff.getShort(ifd));
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if (Short.toUnsignedInt(tiff.getShort(entry)) == 0x0112) {
                int value = Short.toUnsignedInt(tiff.getShort(entry + 8));
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return 0;
    }

    private static void skipFully(DataInputStream in, int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            int skipped = in.skipBytes(left);
            if (skipped <= 0) {
                throw new EOFException();
            }
            left -= skipped;
        }
    }
}
