package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys with spaces, unicode, {@code %}, {@code +}, {@code ../} and names near S3's 1024-byte limit: every
 * name the workflow derives from them (job id, execution name, video key, vendor file names, order).
 */
class OddKeyNamesTest {

    private final Fixture f = new Fixture(Map.of());

    private static final String EXECUTION_NAME = "[A-Za-z0-9_-]{1,80}";

    @Test
    void jobId_ofOddFolderNames_isAValidExecutionName_andDistinctPerFolder() {
        List<String> folders = List.of("été 2026 + friends", "100%", "a+b", "日本の旅", "..", "x".repeat(900),
                "été 2026 - friends", "ete 2026 friends");
        List<String> ids = folders.stream().map(n -> IntakeService.jobId("uploads/" + n + "/", n, 1)).toList();
        for (String id : ids) {
            assertTrue(id.matches(EXECUTION_NAME), id);
        }
        assertEquals(ids.size(), ids.stream().distinct().count(), "the hash keeps similar slugs apart: " + ids);
        assertTrue(ids.get(0).startsWith("t-2026-friends-"), ids.get(0));
        assertTrue(ids.get(3).startsWith("job-"), "a name with no ASCII letter: " + ids.get(3));
    }

    @Test
    void vendorFilename_dropsAccents_replacesOddCharacters_andKeepsTheExtension() {
        assertEquals("beach_1.jpg", image("beach 1.jpg").vendorFilename());
        assertEquals("100_.png", image("100%.png").vendorFilename());
        assertEquals("u.webp", image("ü.webp").vendorFilename());
        assertEquals("u.webp", image(Normalizer.normalize("ü.webp", Normalizer.Form.NFD)).vendorFilename());
        assertEquals("a_b.jpg", image("a+b.jpg").vendorFilename());
        assertEquals("x.jpg", image("../x.jpg").vendorFilename());
        assertEquals("file", image("..").vendorFilename());
        assertEquals("____.jpg", image("日本の旅.jpg").vendorFilename());
    }

    @Test
    void vendorFilename_ofANameNearS3sKeyLimit_isCappedWithItsExtension() {
        String name = "é".repeat(500) + ".jpeg"; // 1005 bytes in UTF-8
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length > 1000);
        String vendor = image(name).vendorFilename();
        assertEquals(InputFile.MAX_VENDOR_FILENAME, vendor.length());
        assertTrue(vendor.endsWith(".jpeg") && vendor.startsWith("eee"), vendor);
    }

    @Test
    void validate_oddNames_recordEveryFile_withOrderMatchedAcrossUnicodeForms() {
        String prefix = "uploads/été 2026 + friends/";
        String nfdU = Normalizer.normalize("ü.webp", Normalizer.Form.NFD); // as macOS uploads it
        String longName = "l".repeat(1024 - prefix.getBytes(StandardCharsets.UTF_8).length - 4) + ".png";
        f.media.put(prefix + "beach 1.jpg", Samples.jpeg()).put(prefix + "100%.png", Samples.png())
                .put(prefix + nfdU, Samples.webp()).put(prefix + "../x.gif", Samples.gif())
                .put(prefix + longName, Samples.png())
                .put(prefix + "job.json", "{\"order\": [\"ü.webp\", \"100%.png\"]}");
        assertEquals(1024, (prefix + longName).getBytes(StandardCharsets.UTF_8).length, "a key at S3's limit");
        String jobId = f.intake().accept(new IntakeService.UploadEvent(Fixture.BUCKET, prefix + "beach 1.jpg", 10, "e", "s1",
                f.now())).jobId();
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.now());

        assertEquals(5, f.validation().validate(jobId).images());

        List<InputFile> inputs = f.jobs.find(jobId).orElseThrow().inputs();
        assertEquals(List.of(nfdU, "100%.png", "../x.gif", "beach 1.jpg", longName), inputs.stream().map(InputFile::name).toList());
        assertEquals(prefix + nfdU, inputs.get(0).key(), "the key is kept exactly as uploaded");
        String instruction = f.jobs.find(jobId).orElseThrow().instruction();
        assertTrue(instruction.contains("in this order: u.webp, 100_.png, x.gif, beach_1.jpg"), instruction);
        assertTrue(f.media.writes.isEmpty(), "inputs are never modified");
    }

    @Test
    void uploadMedia_presignsTheExactKeys_andTheVideoKeyIsTheJobId() {
        String prefix = "uploads/été 2026 + friends/";
        f.media.put(prefix + "beach 1.jpg", Samples.jpeg()).put(prefix + "100%.png", Samples.png());
        String jobId = f.intake().accept(new IntakeService.UploadEvent(Fixture.BUCKET, prefix + "beach 1.jpg", 10, "e", "s1",
                f.now())).jobId();
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.now());
        f.validation().validate(jobId);
        String session = f.editing().createSession(jobId).sessionId();

        f.editing().uploadMedia(jobId, session);

        List<String> urls = f.vendor.urlUploads.get(0);
        assertEquals(2, urls.size());
        assertNotEquals(urls.get(0), urls.get(1));
        assertTrue(urls.stream().noneMatch(u -> u.contains(" ")), "presigned URLs are encoded: " + urls);
        assertTrue(("videos/" + jobId + ".mp4").matches("videos/" + EXECUTION_NAME + "\\.mp4"));
    }

    private static InputFile image(String name) {
        return new InputFile("uploads/f/" + name, name, InputFile.Kind.IMAGE, "jpeg", 10);
    }
}
