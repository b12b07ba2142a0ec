package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionWordsTest {

    @Test
    void parse_readsTheTablesWords() {
        InstructionWords w = InstructionWords.parse("a slow vertical video titled \"Summer 2026\", 4 seconds per photo, "
                + "slide transitions, ken burns, no music");
        assertEquals("9:16", w.aspectRatio());
        assertEquals(4.0, w.secondsPerImage());
        assertEquals("Summer 2026", w.title());
        assertEquals(Boolean.FALSE, w.music());
        assertEquals(1.5, w.pace());
        assertEquals("slide", w.transition());
        assertEquals(Boolean.TRUE, w.panZoom());
        assertEquals(List.of(), w.ignored());
    }

    @Test
    void parse_listsTheWordsItDidNotActOn() {
        InstructionWords w = InstructionWords.parse("turn my images into a smooth cinematic video with transitions and background music");
        assertEquals("fade", w.transition());
        assertEquals(List.of("smooth", "cinematic"), w.ignored());
    }

    @Test
    void parse_otherWords() {
        assertEquals("1:1", InstructionWords.parse("square, fast, hard cuts, still").aspectRatio());
        assertEquals("none", InstructionWords.parse("square, fast, hard cuts, still").transition());
        assertEquals(Boolean.FALSE, InstructionWords.parse("square, fast, hard cuts, still").panZoom());
        assertEquals(0.6, InstructionWords.parse("fast").pace());
        assertEquals("16:9", InstructionWords.parse("16:9 please").aspectRatio());
        assertEquals("zoom", InstructionWords.parse("zoom transitions").transition());
        assertEquals("wipe", InstructionWords.parse("with a wipe between photos").transition());
        assertEquals(2.5, InstructionWords.parse("each image for 2.5 seconds").secondsPerImage());
        assertNull(InstructionWords.parse(null).aspectRatio());
    }
}
