package dev.photoreel.local.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.media.MediaFormat;
import java.util.List;

/**
 * Builds a session's draft from its uploads and the instruction plan, in the vendor's short-key form.
 *
 * <pre>{@code
 * {"v": 1, "d": 9000,
 *  "m": {"width": 1920, "height": 1080, "ratio": "16:9", "fps": 30, "fit": "blurred_fill", "motion": "none", "title": "Summer Trip"},
 *  "t": [{"id": "trk_video", "tt": 0, "n": "Video", "d": 9000,
 *         "sg": [{"id": "seg_1", "src": "<cdn_url>", "n": "a.jpg", "st": 0, "d": 3000, "w": 800, "h": 600,
 *                 "tr": {"type": "fade", "d": 500}}, ...]},
 *        {"id": "trk_bgm", "tt": 1, "n": "BGM", "d": 9000,
 *         "sg": [{"id": "seg_bgm", "src": "<cdn_url>", "n": "song.mp3", "st": 0, "d": 9000, "vol": 0.8, "fi": 1000, "fo": 2000}]},
 *        {"id": "trk_title", "tt": 7, "n": "Title", "d": 3000,
 *         "sg": [{"id": "seg_title", "text": "Summer Trip", "st": 0, "d": 3000}]}]}
 * }</pre>
 * Each image segment owns {@code secondsPerImage}: segment k starts at k x secondsPerImage and the video lasts
 * images x secondsPerImage. {@code tr} is the crossfade into the next segment (absent on the last one and for hard
 * cuts); it straddles the boundary, half in each segment, instead of shortening the video.
 */
final class DraftBuilder {

    static final double DEFAULT_SECONDS_PER_IMAGE = 3.0;
    static final int DEFAULT_TRANSITION_MS = 500;
    static final int DEFAULT_MUSIC_VOLUME = 80;
    static final int TITLE_MS = 3000;
    static final int FPS = 30;

    private DraftBuilder() {
    }

    /** The draft before any edit: a canvas and no tracks (not exportable). */
    static ObjectNode empty(InstructionPlan.Canvas canvas) {
        ObjectNode draft = JsonNodeFactory.instance.objectNode();
        draft.put("v", 1).put("d", 0);
        meta(draft, canvas);
        draft.putArray("t");
        return draft;
    }

    static ObjectNode build(List<StoredFile> files, InstructionPlan plan) {
        InstructionPlan.Canvas canvas = canvasOf(plan);
        List<StoredFile> images = files.stream().filter(f -> f.format().kind() == MediaFormat.Kind.IMAGE).toList();
        StoredFile music = files.stream().filter(f -> f.format().kind() == MediaFormat.Kind.AUDIO).findFirst().orElse(null);
        ObjectNode draft = JsonNodeFactory.instance.objectNode();
        draft.put("v", 1);
        ObjectNode meta = meta(draft, canvas);
        meta.put("fit", plan.fit() != null ? plan.fit() : "blurred_fill");
        meta.put("motion", Boolean.TRUE.equals(plan.panZoom()) ? "ken_burns" : "none");
        ArrayNode tracks = draft.putArray("t");
        if (images.isEmpty()) {
            draft.put("d", 0);
            return draft;
        }
        long perImageMs = Math.round(secondsPerImage(plan, images.size()) * 1000);
        boolean hardCuts = "none".equals(plan.transition());
        long transitionMs = hardCuts ? 0
                : Math.min(plan.transitionMs() != null ? plan.transitionMs() : DEFAULT_TRANSITION_MS, perImageMs / 2);
        long total = perImageMs * images.size();

        ObjectNode video = tracks.addObject();
        video.put("id", "trk_video").put("tt", 0).put("n", "Video").put("d", total);
        ArrayNode segments = video.putArray("sg");
        for (int i = 0; i < images.size(); i++) {
            StoredFile image = images.get(i);
            ObjectNode sg = segments.addObject();
            sg.put("id", "seg_" + (i + 1)).put("src", image.cdnUrl()).put("n", image.filename())
                    .put("st", i * perImageMs).put("d", perImageMs);
            if (image.info().width() != null) {
                sg.put("w", image.info().width()).put("h", image.info().height());
            }
            if (i < images.size() - 1 && transitionMs > 0) {
                sg.putObject("tr").put("type", "fade").put("d", transitionMs);
            }
        }
        if (music != null) {
            ObjectNode bgm = tracks.addObject();
            bgm.put("id", "trk_bgm").put("tt", 1).put("n", "BGM").put("d", total);
            int volume = plan.musicVolume() != null ? plan.musicVolume() : DEFAULT_MUSIC_VOLUME;
            bgm.putArray("sg").addObject().put("id", "seg_bgm").put("src", music.cdnUrl()).put("n", music.filename())
                    .put("st", 0).put("d", total).put("vol", volume / 100.0).put("fi", 1000).put("fo", 2000);
        }
        if (plan.title() != null) {
            long titleMs = Math.min(TITLE_MS, total);
            ObjectNode title = tracks.addObject();
            title.put("id", "trk_title").put("tt", 7).put("n", "Title").put("d", titleMs);
            title.putArray("sg").addObject().put("id", "seg_title").put("text", plan.title()).put("st", 0).put("d", titleMs);
            meta.put("title", plan.title());
        }
        draft.put("d", total);
        return draft;
    }

    static InstructionPlan.Canvas canvasOf(InstructionPlan plan) {
        return plan.canvas() != null ? plan.canvas() : InstructionPlan.Canvas.LANDSCAPE;
    }

    static double secondsPerImage(InstructionPlan plan, int images) {
        if (plan.secondsPerImage() != null) {
            return plan.secondsPerImage();
        }
        if (plan.totalSeconds() != null && images > 0) {
            return Math.max(0.5, plan.totalSeconds() / images);
        }
        return DEFAULT_SECONDS_PER_IMAGE;
    }

    private static ObjectNode meta(ObjectNode draft, InstructionPlan.Canvas canvas) {
        ObjectNode meta = draft.putObject("m");
        meta.put("width", canvas.width).put("height", canvas.height).put("ratio", canvas.ratio).put("fps", FPS);
        return meta;
    }
}
