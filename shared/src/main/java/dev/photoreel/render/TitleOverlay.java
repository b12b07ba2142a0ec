package dev.photoreel.render;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the title is drawn: its text is read from a UTF-8 file (so no text ever needs filter escaping).
 *
 * @param textFile  file holding the title text
 * @param fontFile  a TrueType/OpenType font file, or null to let fontconfig pick its default sans-serif font
 */
public record TitleOverlay(Path textFile, Path fontFile) {

    public TitleOverlay {
        Objects.requireNonNull(textFile, "textFile");
    }
}
