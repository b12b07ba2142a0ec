package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.render.RenderEngine;
import dev.photoreel.workflow.FfmpegVideoService;
import dev.photoreel.workflow.JobStatus;
import dev.photoreel.workflow.testing.Fixture;
import dev.photoreel.workflow.testing.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Render With Ffmpeg's handler: the state in, the service's result out at $.video, the vendor error passed on. */
class RenderVideoHandlerTest {

    private final Fixture f = new Fixture();
    @TempDir
    Path work;

    /** Writes a small valid MP4 instead of running ffmpeg (the service test renders for real). */
    private final RenderEngine engine = (timeline, output) -> {
        try {
            Files.write(output, Samples.mp4(timeline.clips().size() * timeline.clips().get(0).seconds(), 4096, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @Test
    void fallbackState_rendersTheVideo_andSaysWhichVendorFailureItStoodInFor() {
        String jobId = f.jobIn(JobStatus.RENDERING);
        FfmpegVideoService service = new FfmpegVideoService(f.jobs, f.media, engine, f.config, work, f.clock);
        ObjectNode state = Json.MAPPER.createObjectNode().put("jobId", jobId);
        state.putObject("vendorError").put("Error", "dev.photoreel.nemo.exceptions.InsufficientCreditsException")
                .put("Cause", "{\"errorType\":\"x\",\"errorMessage\":\"the NemoVideo account has no credits left\"}");

        JsonNode video = Events.invoke(new RenderVideoHandler(() -> service, f.metrics), state);

        assertEquals("videos/" + jobId + ".mp4", video.path("key").asText());
        assertEquals("ffmpeg", video.path("renderer").asText());
        assertTrue(video.path("rendererReason").asText().startsWith("the vendor account cannot pay for the job (2001): "
                + "the NemoVideo account has no credits left"), video.toString());
        assertEquals(6.0, video.path("durationSeconds").asDouble(), 0.01, "2 images x 3 s by default");
        assertEquals("ffmpeg", f.jobs.find(jobId).orElseThrow().renderer());
    }
}
