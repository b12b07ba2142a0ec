package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.exceptions.JobValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobManifestTest {

    @Test
    void parse_emptyObject_usesDefaults() {
        JobManifest manifest = JobManifest.parse("job.json", "{}");
        assertEquals(WorkflowConfig.DEFAULT_INSTRUCTION, manifest.instruction());
        assertEquals("en", manifest.language());
        assertEquals(List.of(), manifest.order());
    }

    @Test
    void parse_invalidJson_namesTheFileAndPosition() {
        JobValidationException e = assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"title\": "));
        assertTrue(e.getMessage().startsWith("job.json is not valid JSON"), e.getMessage());
    }

    @Test
    void parse_callbackUrl_keepsAnHttpsUrl_andRefusesOthersNamingTheField() {
        assertEquals("https://hooks.example.com/p", JobManifest.parse("job.json", "{\"callbackUrl\": \"https://hooks.example.com/p\"}").callbackUrl());
        JobValidationException e = assertThrows(JobValidationException.class,
                () -> JobManifest.parse("job.json", "{\"callbackUrl\": \"http://example.com/p\"}"));
        assertTrue(e.getMessage().startsWith("job.json: field 'callbackUrl' uses http://example.com; allowed: an absolute https URL"), e.getMessage());
    }

    @Test
    void parse_badAspectRatio_namesFieldAndAllowedValues() {
        JobValidationException e = assertThrows(JobValidationException.class,
                () -> JobManifest.parse("job.json", "{\"aspectRatio\": \"4:3\"}"));
        assertTrue(e.getMessage().contains("'aspectRatio'") && e.getMessage().contains("16:9, 9:16, 1:1"), e.getMessage());
    }

    @Test
    void parse_badSecondsPerImage_namesFieldAndBounds() {
        for (String bad : new String[] {"0", "-1", "61", "\"3\""}) {
            JobValidationException e = assertThrows(JobValidationException.class,
                    () -> JobManifest.parse("job.json", "{\"secondsPerImage\": " + bad + "}"));
            assertTrue(e.getMessage().contains("'secondsPerImage'") && e.getMessage().contains("at most 60"), e.getMessage());
        }
    }

    @Test
    void parse_badOrderOrLanguageOrTitle_namesTheField() {
        assertTrue(assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"order\": \"a.jpg\"}"))
                .getMessage().contains("'order'"));
        assertTrue(assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"order\": [\"a.jpg\", \"a.jpg\"]}"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"language\": \"English!\"}"))
                .getMessage().contains("'language'"));
        assertTrue(assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"title\": 5}"))
                .getMessage().contains("'title'"));
        assertTrue(assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "[1]"))
                .getMessage().contains("JSON object"));
    }

    @Test
    void vendorInstruction_appendsSettingsInWords() {
        JobManifest manifest = JobManifest.parse("job.json",
                "{\"instruction\": \"make a reel.\", \"title\": \"Summer\", \"aspectRatio\": \"9:16\", \"secondsPerImage\": 2.5}");
        assertEquals("make a reel, titled \"Summer\", in 9:16 vertical format, 2.5 seconds per image.",
                manifest.vendorInstruction(List.of()));
        assertEquals("a, in 1:1 square format, 3 seconds per image.",
                JobManifest.parse("j", "{\"instruction\": \"a\", \"aspectRatio\": \"1:1\", \"secondsPerImage\": 3}").vendorInstruction(List.of()));
    }

    @Test
    void parse_rendererAndFallback() {
        JobManifest manifest = JobManifest.parse("job.json", "{\"renderer\": \"ffmpeg\", \"fallback\": false}");
        assertEquals("ffmpeg", manifest.renderer());
        assertEquals(Boolean.FALSE, manifest.fallback());
        JobManifest defaults = JobManifest.parse("job.json", "{}");
        assertEquals(null, defaults.renderer());
        assertEquals(null, defaults.fallback());
    }

    @Test
    void parse_badRendererOrFallback_namesFieldAndAllowedValues() {
        JobValidationException e = assertThrows(JobValidationException.class,
                () -> JobManifest.parse("job.json", "{\"renderer\": \"premiere\"}"));
        assertTrue(e.getMessage().contains("'renderer'") && e.getMessage().contains("nemovideo, ffmpeg"), e.getMessage());
        e = assertThrows(JobValidationException.class, () -> JobManifest.parse("job.json", "{\"fallback\": \"yes\"}"));
        assertTrue(e.getMessage().contains("'fallback'") && e.getMessage().contains("true, false"), e.getMessage());
    }
}
