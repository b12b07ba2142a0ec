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

    /** A JPEG whose left half is {@code left} and right half is {@code right}. */
    static Path splitJpeg(Path dir, String name, int width, int height, Color left, Color right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        Path file = dir.resolve(name);
        try {
            ImageIO.write(image, "jpg", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Inserts an EXIF APP1 segment holding only an orientation tag right after the JPEG's SOI marker. */
    static void addExifOrientation(Path jpeg, int orientation, ByteOrder order) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.put(order == ByteOrder.BIG_ENDIAN ? (byte) 'M' : (byte) 'I');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer app1 = ByteBuffer.allocate(4 + exif.length + tiff.capacity()).order(ByteOrder.BIG_ENDIAN);
        app1.putShort((short) 0xFFE1).putShort((short) (2 + exif.length + tiff.capacity())).put(exif).put(tiff.array());
        try {
            byte[] original = Files.readAllBytes(jpeg);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(original, 0, 2);
            out.write(app1.array());
            out.write(original, 2, original.length - 2);
            Files.write(jpeg, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
