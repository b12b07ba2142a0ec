package dev.photoreel.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a title with Java2D onto a transparent PNG of the video's size: white bold sans-serif with a dark
 * outline, each line centred, the block centred. Used when the ffmpeg build has no {@code drawtext} filter.
 */
final class TitleImage {

    private TitleImage() {
    }

    static void write(String wrappedTitle, int width, int height, Path png) throws IOException {
        int fontSize = FilterGraphBuilder.titleFontSize(width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
            g.setFont(font);
            FontMetrics metrics = g.getFontMetrics();
            List<String> lines = wrappedTitle.lines().toList();
            int lineHeight = metrics.getHeight() + fontSize / 4;
            int top = (height - lineHeight * lines.size()) / 2;
            g.setStroke(new BasicStroke(Math.max(2, fontSize / 8f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int x = (width - metrics.stringWidth(line)) / 2;
                int baseline = top + i * lineHeight + metrics.getAscent();
                Shape outline = font.createGlyphVector(g.getFontRenderContext(), line).getOutline(x, baseline);
                g.setColor(new Color(0, 0, 0, 180));
                g.draw(outline);
                g.setColor(Color.WHITE);
                g.fill(outline);
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for the title image");
        }
    }
}
