package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A folder and files with spaces, unicode, {@code %} and {@code +} in their names, uploaded through S3's
 * event (URL-encoded keys, {@code +} for a space) into the real state machine: the job completes.
 */
class OddNamesIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    @Test
    void folderWithSpacesUnicodePercentAndPlus_completes_withTheOrderFromJobJson() {
        String nfdU = Normalizer.normalize("ü.png", Normalizer.Form.NFD); // as a Mac uploads it
        E2eJob job = E2eJob.named("été 2026 + friends")
                .photos("city", 1).file("beach 1.jpg", E2eJob.read(exampleImage()))
                .file("100%.png", png(Color.ORANGE))
                .file(nfdU, png(Color.BLUE))
                .manifest("{\"order\": [\"ü.png\", \"100%.png\", \"beach 1.jpg\"]}")
                .upload();

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        E2eJob.assertOneNotification(outcome.jobId());
        assertTrue(outcome.jobId().matches("t-2026-friends-[0-9a-f]{8}-[0-9a-f]{8}-1"), outcome.jobId());
        JsonNode body = outcome.body();
        assertEquals(job.prefix(), body.path("folder").asText(), "the notification names the folder as uploaded");
        String inputs = outcome.text("inputs");
        assertTrue(inputs.indexOf("100%.png") < inputs.indexOf("beach 1.jpg"), "job.json's order holds: " + inputs);
        assertEquals("4", outcome.text("uploadedFiles"), "every file reached the vendor");
        job.assertInputsUntouched();
    }

    private static byte[] png(Color color) {
        BufferedImage image = new BufferedImage(1024, 576, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 1024, 576);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static java.nio.file.Path exampleImage() {
        return dev.photoreel.local.stack.StackOptions.findProjectRoot(java.nio.file.Path.of("")).resolve("examples/seaside/01-morning.jpg");
    }
}
