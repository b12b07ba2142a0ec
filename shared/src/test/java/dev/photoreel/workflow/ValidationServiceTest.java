package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationServiceTest {

    private final Fixture f = new Fixture(Map.of("MAX_FILE_BYTES", "1000", "MAX_IMAGES", "3"));

    private String job(String... files) {
        String jobId = f.receivedJob("trip", files);
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.now());
        return jobId;
    }

    @Test
    void validate_goodUploads_recordsOrderedInputsAndInstruction() {
        f.media.put("uploads/trip/b.png", Samples.png()).put("uploads/trip/A.jpg", Samples.jpeg())
                .put("uploads/trip/c.webp", Samples.webp()).put("uploads/trip/song.mp3", Samples.mp3())
                .put("uploads/trip/job.json", "{\"title\": \"Trip\", \"order\": [\"c.webp\"], \"language\": \"de\"}");
        String jobId = job("A.jpg");

        ValidationService.ValidationResult result = f.validation().validate(jobId);

        assertEquals(new ValidationService.ValidationResult(3, true), result);
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(List.of("c.webp", "A.jpg", "b.png", "song.mp3"), job.inputs().stream().map(InputFile::name).toList());
        assertEquals(List.of("webp", "jpeg", "png", "mp3"), job.inputs().stream().map(InputFile::format).toList());
        assertEquals("de", job.language());
        assertTrue(job.instruction().contains("titled \"Trip\""));
        assertTrue(f.vendor.calls.isEmpty(), "no vendor call during validation");
    }

    @Test
    void validate_jobJsonWithCallbackUrl_storesItOnTheJobItem() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/job.json", "{\"callbackUrl\": \"https://hooks.example.com/p\"}");
        String jobId = job("a.jpg");

        f.validation().validate(jobId);

        assertEquals("https://hooks.example.com/p", f.jobs.find(jobId).orElseThrow().callbackUrl());
    }

    @Test
    void validate_textFileNamedJpg_failsNamingTheFileAndFormats() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/notes.jpg", Samples.text());
        JobValidationException e = assertThrows(JobValidationException.class, () -> f.validation().validate(job("a.jpg")));
        assertTrue(e.getMessage().contains("'notes.jpg'"), e.getMessage());
        assertTrue(e.getMessage().contains("jpg/jpeg, png, gif, webp"), e.getMessage());
        assertTrue(f.vendor.calls.isEmpty());
    }

    @Test
    void validate_readsOnlyTheFirstBytesOfEachFile() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/b.gif", Samples.gif());
        f.validation().validate(job("a.jpg"));
        assertEquals(List.of("uploads/trip/a.jpg", "uploads/trip/b.gif"), f.media.rangeReads);
        assertTrue(f.media.opened.isEmpty());
    }

    @Test
    void validate_whenFileTooLarge_failsWithoutCallingVendor() {
        f.media.put("uploads/trip/a.jpg", new byte[1001]);
        JobValidationException e = assertThrows(JobValidationException.class, () -> f.validation().validate(job("a.jpg")));
        assertTrue(e.getMessage().contains("'a.jpg' is 1001 bytes; the limit is 1000"), e.getMessage());
        assertTrue(f.vendor.calls.isEmpty());
    }

    @Test
    void validate_countsImagesAndAudio() {
        f.media.put("uploads/trip/song.mp3", Samples.mp3());
        assertTrue(assertThrows(JobValidationException.class, () -> f.validation().validate(job("song.mp3")))
                .getMessage().contains("no image"));

        Fixture g = new Fixture(Map.of("MAX_IMAGES", "2"));
        for (String n : List.of("a.jpg", "b.jpg", "c.jpg")) {
            g.media.put("uploads/trip/" + n, Samples.jpeg());
        }
        String jobId = g.receivedJob("trip", "a.jpg");
        assertTrue(assertThrows(JobValidationException.class, () -> g.validation().validate(jobId))
                .getMessage().contains("at most 2 images"));
    }

    @Test
    void validate_twoAudioFiles_fails() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/x.mp3", Samples.mp3()).put("uploads/trip/y.wav", Samples.wav());
        assertTrue(assertThrows(JobValidationException.class, () -> f.validation().validate(job("a.jpg")))
                .getMessage().contains("at most one audio file"));
    }

    @Test
    void validate_orderNamingMissingFile_namesItAndTheChoices() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/job.json", "{\"order\": [\"zzz.jpg\"]}");
        JobValidationException e = assertThrows(JobValidationException.class, () -> f.validation().validate(job("a.jpg")));
        assertTrue(e.getMessage().contains("'order'") && e.getMessage().contains("'zzz.jpg'") && e.getMessage().contains("a.jpg"),
                e.getMessage());
    }

    @Test
    void validate_badJobJson_failsNamingTheField() {
        f.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/job.json", "{\"aspectRatio\": \"2:1\"}");
        assertTrue(assertThrows(JobValidationException.class, () -> f.validation().validate(job("a.jpg")))
                .getMessage().contains("'aspectRatio'"));
    }

    @Test
    void validate_oddKeyNames_areHandledAndNeverModified() {
        f.media.put("uploads/trip/été photo (1).jpg", Samples.jpeg()).put("uploads/trip/sub/../x.png", Samples.png());
        String jobId = job("été photo (1).jpg");

        f.validation().validate(jobId);

        List<InputFile> inputs = f.jobs.find(jobId).orElseThrow().inputs();
        assertEquals(List.of("sub/../x.png", "été photo (1).jpg"), inputs.stream().map(InputFile::name).toList());
        assertEquals("x.png", inputs.get(0).vendorFilename());
        assertEquals("ete_photo__1_.jpg", inputs.get(1).vendorFilename());
        assertTrue(f.media.writes.isEmpty());
        assertFalse(f.jobs.find(jobId).orElseThrow().hasMusic());
    }

    // ---------------------------------------------------------------- images that attack the workers

    private final Fixture limits = new Fixture(Map.of("MAX_IMAGE_PIXELS", "50000000", "MAX_GIF_FRAMES", "100"));

    private String limitsJob(String... files) {
        String jobId = limits.receivedJob("trip", files);
        limits.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), limits.now());
        return jobId;
    }

    @Test
    void validate_pngClaiming60000x60000_isRefusedNamingTheFileAndTheLimit_beforeAnyVendorCall() {
        limits.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/bomb.png", Samples.png(60_000, 60_000));

        JobValidationException e = assertThrows(JobValidationException.class, () -> limits.validation().validate(limitsJob("a.jpg")));

        assertTrue(e.getMessage().contains("'bomb.png' is 60000x60000 pixels (3600.0 megapixels)"), e.getMessage());
        assertTrue(e.getMessage().contains("the limit is 50.0 megapixels per image (MAX_IMAGE_PIXELS)"), e.getMessage());
        assertTrue(limits.vendor.calls.isEmpty(), "no vendor call");
        assertTrue(limits.media.opened.isEmpty(), "headers only: no file is opened whole");
    }

    @Test
    void validate_eachImageFormat_overThePixelLimit_isRefused() {
        limits.media.put("uploads/trip/a.jpg", Samples.jpeg(10_000, 10_000)).put("uploads/trip/b.webp", Samples.webp(16_000, 16_000))
                .put("uploads/trip/c.gif", Samples.gif(8_000, 8_000, 1)).put("uploads/trip/ok.png", Samples.png(7_000, 7_000));

        JobValidationException e = assertThrows(JobValidationException.class, () -> limits.validation().validate(limitsJob("a.jpg")));

        assertTrue(e.getMessage().contains("'a.jpg' is 10000x10000"), e.getMessage());
        assertTrue(e.getMessage().contains("'b.webp' is 16000x16000"), e.getMessage());
        assertTrue(e.getMessage().contains("'c.gif' is 8000x8000"), e.getMessage());
        assertFalse(e.getMessage().contains("ok.png"), e.getMessage());
    }

    @Test
    void validate_gifOfThousandsOfFrames_isRefusedNamingTheFrameLimit() {
        limits.media.put("uploads/trip/a.jpg", Samples.jpeg()).put("uploads/trip/anim.gif", Samples.gif(32, 32, 3000));

        JobValidationException e = assertThrows(JobValidationException.class, () -> limits.validation().validate(limitsJob("a.jpg")));

        assertTrue(e.getMessage().contains("'anim.gif' is an animated GIF of 3000 frames; the limit is 100 frames (MAX_GIF_FRAMES)"),
                e.getMessage());
    }

    @Test
    void validate_shortAnimatedGif_isAccepted() {
        limits.media.put("uploads/trip/anim.gif", Samples.gif(320, 240, 24));
        assertEquals(1, limits.validation().validate(limitsJob("anim.gif")).images());
    }

    @Test
    void validate_imageWhoseHeaderDeclaresNoSize_isRefusedAsUnreadable() {
        byte[] truncated = java.util.Arrays.copyOf(Samples.jpeg(), 30);
        limits.media.put("uploads/trip/cut.jpg", truncated);

        JobValidationException e = assertThrows(JobValidationException.class, () -> limits.validation().validate(limitsJob("cut.jpg")));

        assertTrue(e.getMessage().contains("'cut.jpg' is a jpeg file whose size cannot be read from its header"), e.getMessage());
    }
}
