package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.media.MediaFormat;
import dev.photoreel.nemo.Draft;
import dev.photoreel.render.TimelinePlan;
import dev.photoreel.render.VideoTimeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code secondsPerImage} is the time each image owns: the draft, its timeline summary and the render plan all say
 * N images x secondsPerImage, whatever the crossfades.
 */
class DraftLengthTest {

    private static List<StoredFile> images(int count) {
        List<StoredFile> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = "img" + i + ".jpg";
            files.add(new StoredFile("f" + i, name, MediaFormat.JPEG, Path.of("/uploads/" + name), 1000, "00",
                    new MediaInfo(800, 600, null, null), "http://cdn/" + name));
        }
        return files;
    }

    private static VideoTimeline timeline(JsonNode draft) {
        return DraftTimeline.from(draft, src -> Path.of("/uploads", src.substring(src.lastIndexOf('/') + 1)));
    }

    @Test
    void fiveImagesOfTwoSecondsWithCrossfades_lastTenSecondsInDraftSummaryAndRenderPlan() {
        JsonNode draft = DraftBuilder.build(images(5), InstructionPlan.parse("2 seconds per image with crossfades"));

        assertEquals(10_000, draft.path("d").asLong());
        JsonNode segments = draft.path("t").get(0).path("sg");
        assertEquals(8_000, segments.get(4).path("st").asLong(), "the fifth image's slot starts at 4 x 2 s");
        assertEquals(500, segments.get(0).path("tr").path("d").asLong());
        assertTrue(Draft.parse(draft.toString()).summary().contains("1. Video: img1.jpg + 4 more (0-10s)"),
                Draft.parse(draft.toString()).summary());
        TimelinePlan plan = TimelinePlan.of(timeline(draft));
        assertEquals(10.0, plan.durationSeconds(), 1e-9);
        assertEquals(15, plan.transitionFrames());
    }

    @Test
    void threeImagesOfThreeSeconds_lastNineSeconds() {
        JsonNode draft = DraftBuilder.build(images(3), InstructionPlan.parse("3 seconds per image, 1 second transitions"));

        assertEquals(9_000, draft.path("d").asLong());
        assertEquals(9.0, TimelinePlan.of(timeline(draft)).durationSeconds(), 1e-9);
    }

    @Test
    void aTotalLength_isSpreadOverTheImagesExactly() {
        JsonNode draft = DraftBuilder.build(images(4), InstructionPlan.parse("a 20 second video"));

        assertEquals(20_000, draft.path("d").asLong());
        assertEquals(20.0, TimelinePlan.of(timeline(draft)).durationSeconds(), 1e-9);
    }
}
