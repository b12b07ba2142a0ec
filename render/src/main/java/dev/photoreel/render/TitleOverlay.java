package dev.photoreel.render;

import java.nio.file.Path;

/**
 * How the title is drawn: either by ffmpeg's {@code drawtext} from a UTF-8 text file (so no text ever needs
 * filter escaping), or, when this ffmpeg has no {@code drawtext}, as a ready-made transparent PNG of the video's
 * size that is overlaid.
 *
 * @param textFile   file holding the (already wrapped) title text for drawtext; null when {@code imageFile} is used
 * @param fontFile   a TrueType/OpenType font file for drawtext, or null to let fontconfig pick its sans-serif font
 * @param imageFile  a transparent PNG of the output size with the title drawn on it; null when drawtext is used
 */
public record TitleOverlay(Path textFile, Path fontFile, Path imageFile) {

    public TitleOverlay {
        if ((textFile == null) == (imageFile == null)) {
            throw new IllegalArgumentException("a title is drawn either from a text file or from an image, not "
                    + (textFile == null ? "neither" : "both"));
        }
    }

    /** drawtext from {@code textFile} with {@code fontFile} (null: fontconfig's default sans-serif font). */
    public TitleOverlay(Path textFile, Path fontFile) {
        this(textFile, fontFile, null);
    }

    /** A transparent PNG of the output size, overlaid. */
    public static TitleOverlay image(Path imageFile) {
        return new TitleOverlay(null, null, imageFile);
    }

    public boolean isImage() {
        return imageFile != null;
    }
}
