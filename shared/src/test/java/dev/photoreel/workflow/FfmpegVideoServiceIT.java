package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.render.FfmpegRenderEngine;
import dev.photoreel.render.MediaInfo;
import dev.photoreel.render.MediaProbe;
import dev.photoreel.render.RenderException;
import dev.photoreel.workflow.exceptions.RenderFailedException;
import dev.photoreel.workflow.exceptions.VideoCheckFailedException;
import dev.photoreel.workflow.testing.Fixture;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ffmpeg backend with the real engine (the bundled ffmpeg): real renders, probed. */
class FfmpegVideoServiceIT {

    private static final FfmpegRenderEngine ENGINE = new FfmpegRenderEngine();

    private final Fixture f = new Fixture();
    @TempDir
    Path work;

    private FfmpegVideoService service() {
        return new FfmpegVideoService(f.jobs, f.media, ENGINE, f.config, work, f.clock);
    }

    private String validatedJob(String manifest) throws IOException {
        f.media.put("uploads/trip/a.jpg", jpeg(Color.ORANGE, 640, 480)).put("uploads/trip/b.jpg", jpeg(Color.BLUE, 480, 640))
                .put("uploads/trip/job.json", manifest);
        String jobId = f.receivedJob("trip", "a.jpg", "b.jpg", "job.json");
        f.jobs.transition(jobId, JobStatus.VALIDATING, Map.of(), f.clock.instant());
        f.validation().validate(jobId);
        return jobId;
    }

    @Test
    void render_askedForFfmpeg_writesACheckedMp4_ofNImagesTimesSeconds_andRecordsTheBackend() throws IOException {
        String jobId = validatedJob("{\"renderer\": \"ffmpeg\", \"secondsPerImage\": 1, "
                + "\"instruction\": \"a square video with wipe transitions, dreamy\"}");

        FfmpegVideoService.RenderedVideo video = service().render(jobId, null, null);

        String key = "videos/" + jobId + ".mp4";
        assertEquals(key, video.key());
        MediaInfo info = probe(f.media.bytes(key));
        assertEquals("h264", info.videoCodec());
        assertEquals(1080, info.width());
        assertEquals(1080, info.height());
        assertEquals(2.0, info.durationSeconds(), 0.2, "2 images x 1 s");
        assertEquals(2.0, video.durationSeconds(), 0.2);
        List<String> boxes = topLevelBoxes(f.media.bytes(key));
        assertTrue(boxes.indexOf("moov") >= 0 && boxes.indexOf("moov") < boxes.indexOf("mdat"),
                "+faststart: moov before mdat, so players start before the download ends: " + boxes);
        Job job = f.jobs.find(jobId).orElseThrow();
        assertEquals(JobStatus.STORING, job.status());
        assertEquals(key, job.videoKey());
        assertEquals("ffmpeg", job.renderer());
        assertEquals("job.json asks for renderer ffmpeg", job.rendererReason());
        assertTrue(job.timelineSummary().contains("wipe transitions"), job.timelineSummary());
        assertEquals(List.of("dreamy"), video.ignoredWords());
        byte[] poster = f.media.bytes("videos/" + jobId + ".jpg");
        assertTrue(poster.length > 100 && (poster[0] & 0xFF) == 0xFF && (poster[1] & 0xFF) == 0xD8, "a poster JPEG next to the MP4");
        assertEquals("videos/" + jobId + ".jpg", job.posterKey());
        Path posterFile = Files.createTempFile("poster-", ".jpg");
        try {
            Files.write(posterFile, poster);
            assertEquals(1080, new MediaProbe().probeImage(posterFile).width());
        } finally {
            Files.deleteIfExists(posterFile);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "the work directory is cleaned after the job");
        }
    }

    @Test
    void render_asAFallback_saysWhichVendorFailure_andRerunsReuseTheVideo() throws IOException {
        String jobId = validatedJob("{\"secondsPerImage\": 1}");
        String cause = "{\"errorType\":\"dev.photoreel.nemo.exceptions.ExportBlockedException\","
                + "\"errorMessage\":\"Export is not available on the anonymous plan: register or upgrade the plan\"}";

        FfmpegVideoService.RenderedVideo video = service().render(jobId, "dev.photoreel.nemo.exceptions.ExportBlockedException", cause);
        int writes = f.media.writes.size();
        service().render(jobId, "dev.photoreel.nemo.exceptions.ExportBlockedException", cause);

        assertEquals("the vendor refused export (402): Export is not available on the anonymous plan: register or upgrade the plan",
                video.rendererReason());
        assertEquals(video.rendererReason(), f.jobs.find(jobId).orElseThrow().rendererReason());
        assertEquals(writes, f.media.writes.size(), "a re-run checks and reuses its own video");
        assertEquals(1920, probe(f.media.bytes(video.key())).width(), "16:9 by default");
    }

    @Test
    void render_whenTheEngineFails_failsTheJobAsARenderFailure_andCleansUp() throws IOException {
        String jobId = validatedJob("{\"renderer\": \"ffmpeg\"}");
        FfmpegVideoService broken = new FfmpegVideoService(f.jobs, f.media, (timeline, out) -> {
            throw new RenderException("ffmpeg exited with 1: boom");
        }, f.config, work, f.clock);

        RenderFailedException e = assertThrows(RenderFailedException.class, () -> broken.render(jobId, null, null));

        assertTrue(e.getMessage().contains("boom") && e.getMessage().contains("upload again"), e.getMessage());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void render_neverOverwritesAnotherJobsVideo() throws IOException {
        String jobId = validatedJob("{\"renderer\": \"ffmpeg\"}");
        f.media.put("videos/" + jobId + ".mp4", new byte[] {1, 2, 3}, Map.of(VideoService.META_JOB_ID, "someone-else"));

        assertThrows(VideoCheckFailedException.class, () -> service().render(jobId, null, null));
    }

    @Test
    void fallbackReason_namesEachVendorFailure() {
        assertTrue(FfmpegVideoService.fallbackReason("dev.photoreel.nemo.exceptions.InsufficientCreditsException", null)
                .contains("cannot pay"));
        assertTrue(FfmpegVideoService.fallbackReason("dev.photoreel.nemo.exceptions.VendorUnavailableException", "not json")
                .startsWith("the vendor was unreachable after its retries: not json"));
        assertTrue(FfmpegVideoService.fallbackReason("dev.photoreel.nemo.exceptions.RateLimitedException", "").contains("429"));
    }

    private static List<String> topLevelBoxes(byte[] mp4) {
        List<String> types = new java.util.ArrayList<>();
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(mp4);
        int offset = 0;
        while (offset + 8 <= mp4.length) {
            long size = Integer.toUnsignedLong(buf.getInt(offset));
            types.add(new String(mp4, offset + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (size == 1) {
                size = buf.getLong(offset + 8);
            } else if (size == 0) {
                size = mp4.length - offset;
            }
            offset += (int) size;
        }
        return types;
    }

    private static byte[] jpeg(Color color, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillRect(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private MediaInfo probe(byte[] mp4) throws IOException {
        Path file = Files.createTempFile("ffmpeg-service-", ".mp4");
        try {
            Files.write(file, mp4);
            return new MediaProbe().probe(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
