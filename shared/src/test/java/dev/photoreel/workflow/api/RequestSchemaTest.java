package dev.photoreel.workflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestSchemaTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    private static List<String> fields(String body) throws Exception {
        JsonNode node = JSON.readTree(body);
        try {
            RequestSchema.CREATE_JOB.validate(node);
            return List.of();
        } catch (ApiProblem problem) {
            return problem.errors().stream().map(e -> e.field() + ": " + e.detail()).toList();
        }
    }

    @Test
    void aGoodBody_passes_withFilesOrWithSource() throws Exception {
        assertEquals(List.of(), fields("{\"title\": \"t\", \"secondsPerImage\": 2.5, \"order\": [\"a.jpg\"], \"language\": \"pt-BR\","
                + " \"files\": [{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 10}]}"));
        assertEquals(List.of(), fields("{\"source\": {\"prefix\": \"uploads/trip/\"}}"));
    }

    @Test
    void eachViolation_namesItsField() throws Exception {
        List<String> errors = fields("{\"secondsPerImage\": 0, \"aspectRatio\": \"4:3\", \"order\": [\"a\", \"a\"], \"x\": 1,"
                + " \"files\": [{\"name\": \"a/b.jpg\", \"contentType\": \"image/jpeg\", \"size\": 1.5}, {\"name\": \"c.png\"}]}");
        assertEquals(List.of(
                "aspectRatio: must be one of [\"16:9\",\"9:16\",\"1:1\"], not \"4:3\"",
                "files[0].name: must match ^[^/\\\\]+$",
                "files[0].size: must be an integer, not a number",
                "files[1].contentType: is required",
                "files[1].size: is required",
                "order: lists \"a\" more than once",
                "secondsPerImage: must be above 0",
                "x: is not a known field (allowed: instruction, title, aspectRatio, secondsPerImage, order, language, renderer, fallback, callbackUrl, files, source)"),
                errors);
    }

    @Test
    void filesAndSourceTogether_orNeither_isRefused() throws Exception {
        assertEquals(1, fields("{\"title\": \"t\"}").size());
        assertEquals(1, fields("{\"source\": {\"prefix\": \"uploads/a/\"}, \"files\": [{\"name\": \"a.jpg\", \"contentType\": \"image/jpeg\", \"size\": 1}]}").size());
    }

    @Test
    void aNonObjectBody_isRefused() {
        assertEquals(400, assertThrows(ApiProblem.class, () -> RequestSchema.CREATE_JOB.validate(JSON.readTree("[1]"))).status());
    }
}
