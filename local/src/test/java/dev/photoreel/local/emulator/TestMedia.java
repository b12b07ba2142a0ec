package dev.photoreel.local.emulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;

/** Small real media files made in memory for tests. */
final class TestMedia {

    private TestMedia() {
    }

    /** A solid-colour image in {@code format} ("jpg", "png", "gif"). */
    static byte[] image(String format, int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int width, int height, Color color) {
        return image("jpg", width, height, color);
    }

    static byte[] png(int width, int height, Color color) {
        return image("png", width, height, color);
    }

    /** A 16-bit mono PCM WAV of {@code seconds} of a 440 Hz tone. */
    static byte[] wav(double seconds) {
        int rate = 8000;
        int samples = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(2 * Math.PI * 440 * i / rate) * 8000));
        }
        return b.array();
    }

    /** A lossless WebP header (VP8L) for a {@code width}x{@code height} image; enough for the header parser. */
    static byte[] webpLossless(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(22).put("WEBP".getBytes()).put("VP8L".getBytes()).putInt(10);
        b.put((byte) 0x2F);
        int bits = (width - 1) | (height - 1) << 14;
        b.putInt(bits);
        return b.array();
    }

    static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
