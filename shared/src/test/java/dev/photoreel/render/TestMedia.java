package dev.photoreel.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Generates small test images and a tone WAV in Java, so the render tests need no binary fixtures. */
final class TestMedia {

    private TestMedia() {
    }

    static Path solidJpeg(Path dir, String name, int width, int height, Color color) {
        return solid(dir, name, width, height, color, "jpg");
    }

    static Path solidPng(Path dir, String name, int width, int height, Color color) {
        return solid(dir, name, width, height, color, "png");
    }

    private static Path solid(Path dir, String name, int width, int height, Color color, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path file = dir.resolve(name);
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A 16-bit stereo 44.1 kHz sine tone. */
    static Path toneWav(Path dir, String name, double seconds, double frequency) {
        int sampleRate = 44_100;
        int channels = 2;
        int samples = (int) Math.round(seconds * sampleRate);
        int dataBytes = samples * channels * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2))
                .putShort((short) 16);
        wav.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            short value = (short) (Math.sin(2 * Math.PI * frequency * i / sampleRate) * 0.3 * Short.MAX_VALUE);
            for (int c = 0; c < channels; c++) {
                wav.putShort(value);
            }
        }
        Path file = dir.resolve(name);
        try {
            Files.write(file, wav.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static byte[] bytes(int length, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < length; i++) {
            out.write(random.nextInt(256));
        }
        return out.toByteArray();
    }
}
