package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.testing.EmfLines;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads that should become videos: with job.json, images only, each aspect ratio, with music. */
class HappyPathIT {

    @BeforeEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void jobJsonWithMusic_becomesA1080pVideoWithAudio_andOneNotification() {
        E2eJob job = E2eJob.named("seaside").photos("seaside", 3).music()
                .manifest("{\"instruction\": \"a warm summer video with soft transitions\", \"title\": \"Seaside Days\"}").upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, true);
        assertEquals("Seaside Days", outcome.body().path("title").asText());
        assertTrue(outcome.notification().subject().contains("Seaside Days"), outcome.notification().subject());
        assertEquals("3", outcome.text("imageCount"));
        job.assertInputsUntouched();
        E2eJob.assertOneNotification(outcome.jobId());
    }

    @Test
    void imagesOnly_startAfterTheQuietPeriod_withoutMusic() {
        E2eJob job = E2eJob.named("city").photos("city", 2).upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        job.assertInputsUntouched();
    }

    @Test
    void portrait916_isRendered1080x1920() {
        E2eJob job = E2eJob.named("portrait").photos("mountains", 2).manifest("{\"aspectRatio\": \"9:16\"}").upload();

        E2eJob.assertCompleted(job.awaitOutcome(), 1080, 1920, false);
        job.assertInputsUntouched();
    }

    @Test
    void square11_isRendered1080x1080() {
        E2eJob job = E2eJob.named("square").photos("city", 2).music().manifest("{\"aspectRatio\": \"1:1\"}").upload();

        E2eJob.assertCompleted(job.awaitOutcome(), 1080, 1080, true);
        job.assertInputsUntouched();
    }

    @Test
    void aJobsMetrics_areEmfLinesOnStandardOutput_asOnLambda() {
        EmfCapture.Captured<E2eJob.Outcome> run = EmfCapture.during(
                () -> E2eJob.named("metrics").photos("city", 2).manifest("{\"secondsPerImage\": 1}").upload().awaitOutcome());

        E2eJob.assertCompleted(run.result(), 1920, 1080, false);
        List<String> metrics = run.metrics().stream().filter(metric -> metric.namespace().equals("photoreel"))
                .map(EmfLines.Metric::name).toList();
        assertTrue(metrics.contains("JobsStarted") && metrics.contains("JobsCompleted"),
                "the functions' metrics on standard output in the photoreel namespace, as Lambda's log would have them: " + metrics);
    }
}
