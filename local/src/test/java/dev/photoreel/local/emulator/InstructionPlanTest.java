package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstructionPlanTest {

    @Test
    void parse_readsSecondsPerImageCanvasTitleAndMusicVolume() {
        InstructionPlan p = InstructionPlan.parse(
                "Make a vertical slideshow titled \"Summer Trip\", 4 seconds per photo, music at 35%, letterbox");
        assertEquals(4.0, p.secondsPerImage());
        assertEquals(InstructionPlan.Canvas.PORTRAIT, p.canvas());
        assertEquals("Summer Trip", p.title());
        assertEquals(35, p.musicVolume());
        assertEquals("letterbox", p.fit());
    }

    @Test
    void parse_readsRatiosAndAlternativePhrasings() {
        assertEquals(InstructionPlan.Canvas.SQUARE, InstructionPlan.parse("a 1:1 video").canvas());
        assertEquals(InstructionPlan.Canvas.SQUARE, InstructionPlan.parse("square please").canvas());
        assertEquals(InstructionPlan.Canvas.PORTRAIT, InstructionPlan.parse("9:16 for stories").canvas());
        assertEquals(InstructionPlan.Canvas.LANDSCAPE, InstructionPlan.parse("16:9 reel").canvas());
        assertEquals(InstructionPlan.Canvas.PORTRAIT, InstructionPlan.parse("portrait mode").canvas());
        assertEquals(2.5, InstructionPlan.parse("show each image for 2.5 seconds").secondsPerImage());
        assertEquals(30.0, InstructionPlan.parse("a 30 second video of the trip").totalSeconds());
        assertEquals("none", InstructionPlan.parse("no transitions, hard cuts").transition());
        assertEquals(1000, InstructionPlan.parse("use 1 second crossfades").transitionMs());
        assertTrue(InstructionPlan.parse("slow ken burns zoom").panZoom());
    }

    @Test
    void parse_leavesUnsaidThingsNull_andLaterInstructionsRefineEarlierOnes() {
        InstructionPlan first = InstructionPlan.parse("make a square video titled \u201CBirthday\u201D");
        InstructionPlan plain = InstructionPlan.parse("make a video");
        assertNull(plain.canvas());
        assertNull(plain.title());
        assertNull(plain.secondsPerImage());
        InstructionPlan merged = InstructionPlan.parse("2 seconds per image").over(first);
        assertEquals(InstructionPlan.Canvas.SQUARE, merged.canvas());
        assertEquals("Birthday", merged.title());
        assertEquals(2.0, merged.secondsPerImage());
    }

    @Test
    void secondsPerImage_spreadsATotalLengthOverTheImages() {
        assertEquals(5.0, DraftBuilder.secondsPerImage(InstructionPlan.parse("a 20 second video"), 4));
        assertEquals(3.0, DraftBuilder.secondsPerImage(InstructionPlan.EMPTY, 4));
    }
}
