package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.render.VideoTimeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a draft (the form {@link DraftBuilder} writes) into the render engine's {@link VideoTimeline}. A video
 * segment's {@code d} is the time its image owns; its {@code tr} crossfade straddles the boundary with the next one,
 * so the rendered video lasts the sum of the segments' {@code d}, as the draft's own {@code d} says.
 */
final class DraftTimeline {

    /** Finds the local file behind a segment's {@code src} (downloading it when it is not the emulator's own). */
    @FunctionalInterface
    interface MediaResolver {
        Path resolve(String src);
    }

    private DraftTimeline() {
    }

    static VideoTimeline from(JsonNode draft, MediaResolver media) {
        JsonNode meta = draft.path("m");
        int width = meta.path("width").asInt(1920);
        int height = meta.path("height").asInt(1080);
        int fps = meta.path("fps").asInt(DraftBuilder.FPS);
        List<VideoTimeline.Clip> clips = new ArrayList<>();
        double transition = 0;
        boolean panZoom = "ken_burns".equals(meta.path("motion").asText());
        Path music = null;
        String title = null;
        for (JsonNode track : draft.path("t")) {
            int type = track.path("tt").asInt(-1);
            for (JsonNode sg : track.path("sg")) {
                switch (type) {
                    case 0 -> {
                        String src = sg.path("src").asText(null);
                        if (src == null) {
                            throw new IllegalArgumentException("video segment " + sg.path("id").asText("?") + " has no src");
                        }
                        double seconds = sg.path("d").asLong(Math.round(DraftBuilder.DEFAULT_SECONDS_PER_IMAGE * 1000)) / 1000.0;
                        clips.add(new VideoTimeline.Clip(media.resolve(src), seconds));
                        JsonNode tr = sg.path("tr");
                        if (tr.isObject() && !"none".equals(tr.path("type").asText()) && transition == 0) {
                            transition = tr.path("d").asLong(0) / 1000.0;
                        }
                        panZoom |= sg.path("fx").asText("").toLowerCase(Locale.ROOT).contains("ken");
                    }
                    case 1 -> {
                        if (music == null && sg.hasNonNull("src")) {
                            music = media.resolve(sg.get("src").asText());
                        }
                    }
                    case 7 -> {
                        if (title == null && sg.hasNonNull("text")) {
                            title = sg.get("text").asText();
                        }
                    }
                    default -> { }
                }
            }
        }
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("the draft has no image segments on a video track (tt 0)");
        }
        VideoTimeline.Fit fit = "letterbox".equalsIgnoreCase(meta.path("fit").asText())
                ? VideoTimeline.Fit.LETTERBOX : VideoTimeline.Fit.BLURRED_FILL;
        return new VideoTimeline(width, height, fps, clips, transition, fit, panZoom, music, title);
    }
}
