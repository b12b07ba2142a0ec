package dev.photoreel.render;

import java.util.Objects;

/**
 * One decoded video frame as packed 8-bit RGB ({@code width * height * 3} bytes, row by row).
 */
public record RgbFrame(int width, int height, byte[] rgb) {

    public RgbFrame {
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + (width * height * 3) + " bytes for a " + width + "x"
                    + height + " RGB frame, got " + rgb.length);
        }
    }

    /** The red, green and blue values (0-255) of the pixel at (x, y). */
    public int[] pixel(int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + "," + y + ") is outside " + width + "x" + height);
        }
        int i = (y * width + x) * 3;
        return new int[] {rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff};
    }

    /** The average red, green and blue of the square of side {@code 2 * radius + 1} centred on (x, y). */
    public double[] average(int x, int y, int radius) {
        double[] sum = new double[3];
        int count = 0;
        for (int yy = Math.max(0, y - radius); yy <= Math.min(height - 1, y + radius); yy++) {
            for (int xx = Math.max(0, x - radius); xx <= Math.min(width - 1, x + radius); xx++) {
                int[] p = pixel(xx, yy);
                sum[0] += p[0];
                sum[1] += p[1];
                sum[2] += p[2];
                count++;
            }
        }
        return new double[] {sum[0] / count, sum[1] / count, sum[2] / count};
    }
}
