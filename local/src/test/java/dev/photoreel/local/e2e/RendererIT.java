package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.render.MediaInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two backends on the local stack: a job that asks for ffmpeg never reaches the vendor, and a vendor that cannot
 * export (402, no credits) hands the job to the ffmpeg render function unless the job turned the fallback off. Small
 * jobs (2 photos, 1 s each) keep the renders short.
 */
class RendererIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void rendererFfmpeg_completesWithoutTheVendor_andSaysSo() {
        int sessions = E2eStack.emulator().sessionCount();
        int renders = E2eStack.emulator().renderCount();
        E2eJob job = E2eJob.named("ffmpeg").photos("city", 2).music()
                .manifest("{\"renderer\": \"ffmpeg\", \"secondsPerImage\": 1, \"aspectRatio\": \"9:16\","
                        + " \"instruction\": \"a vertical reel with slide transitions and a sparkly vibe\"}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        MediaInfo video = E2eJob.assertCompleted(outcome, 1080, 1920, true);
        assertEquals(2.0, video.durationSeconds(), 0.25, "2 images x 1 s");
        assertEquals("ffmpeg", outcome.body().path("renderer").asText());
        assertEquals("ffmpeg", outcome.text("renderer"));
        assertTrue(outcome.body().path("rendererReason").asText().contains("job.json"), outcome.body().toString());
        assertTrue(words(outcome.body().path("ignoredWords")).contains("sparkly"), "the words it did not act on are listed: "
                + outcome.body().path("ignoredWords"));
        String poster = outcome.body().path("video").path("posterKey").asText();
        assertEquals("videos/" + outcome.jobId() + ".jpg", poster);
        assertTrue(E2eStack.stack().aws().s3().headObject(r -> r.bucket(E2eStack.stack().bucket()).key(poster)).contentLength() > 0,
                "the poster is next to the MP4");
        assertEquals(sessions, E2eStack.emulator().sessionCount(), "no vendor session");
        assertEquals(renders, E2eStack.emulator().renderCount(), "no export at the vendor");
        job.assertInputsUntouched();
    }

    @Test
    void exportBlocked402_fallsBackToFfmpeg_andSaysWhy() {
        E2eStack.emulator().faults().blockExports(true);
        E2eJob job = E2eJob.named("blocked-fallback").photos("city", 2).manifest("{\"secondsPerImage\": 1}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        MediaInfo video = E2eJob.assertCompleted(outcome, 1920, 1080, false);
        assertEquals(2.0, video.durationSeconds(), 0.25);
        assertEquals("ffmpeg", outcome.body().path("renderer").asText());
        String reason = outcome.body().path("rendererReason").asText();
        assertTrue(reason.contains("402") && reason.contains("register or upgrade"), reason);
        assertEquals(reason, outcome.text("rendererReason"));
        job.assertInputsUntouched();
    }

    @Test
    void exportBlocked402_withFallbackOff_failsWithTheVendorsMessage() {
        E2eStack.emulator().faults().blockExports(true);
        E2eJob job = E2eJob.named("blocked-nofallback").photos("city", 2)
                .manifest("{\"secondsPerImage\": 1, \"fallback\": false}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertFailed(outcome, "EXPORT_BLOCKED", "upgrade");
        job.assertInputsUntouched();
    }

    @Test
    void tooFewCredits_fallsBackAtOnce_beforeAnyUpload() {
        E2eStack.emulator().setAvailableCredits(5);
        int sessions = E2eStack.emulator().sessionCount();
        E2eJob job = E2eJob.named("few-credits").photos("city", 2).manifest("{\"secondsPerImage\": 1}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        assertEquals("ffmpeg", outcome.body().path("renderer").asText());
        assertTrue(outcome.body().path("rendererReason").asText().contains("credits"), outcome.body().toString());
        assertEquals(sessions, E2eStack.emulator().sessionCount(), "the credits were checked before any session");
    }

    private static java.util.List<String> words(JsonNode array) {
        java.util.List<String> words = new java.util.ArrayList<>();
        array.forEach(w -> words.add(w.asText()));
        return words;
    }
}
