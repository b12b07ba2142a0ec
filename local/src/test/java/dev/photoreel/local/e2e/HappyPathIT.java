package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    void aJobsMetrics_areEmfLinesOnStandardOutput_asOnLambda() throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        E2eJob.Outcome outcome;
        try {
            outcome = E2eJob.named("metrics").photos("city", 2).manifest("{\"secondsPerImage\": 1}").upload().awaitOutcome();
        } finally {
            System.setOut(original);
        }

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        List<String> metrics = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                JsonNode emf = Json.MAPPER.readTree(line);
                for (JsonNode directive : emf.path("_aws").path("CloudWatchMetrics")) {
                    if ("photoreel".equals(directive.path("Namespace").asText())) {
                        directive.path("Metrics").forEach(metric -> metrics.add(metric.path("Name").asText()));
                    }
                }
            }
        }
        assertTrue(metrics.contains("JobsStarted") && metrics.contains("JobsCompleted"),
                "the functions' metrics on standard output in the photoreel namespace, as Lambda's log would have them: " + metrics);
    }

    /** Writes to both streams: the test's own output stays where it was. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
