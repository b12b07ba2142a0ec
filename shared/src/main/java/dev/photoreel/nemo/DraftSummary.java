package dev.photoreel.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.nemo.internal.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a draft's timeline summary in the contract's form:
 * {@code Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)}.
 *
 * <p>Track type {@code tt}: 0 Video, 1 BGM, 7 Title, others "Track type N". The name comes from the
 * track ({@code m.title}, {@code m.name}, {@code title}, {@code name}, {@code n}), else from its
 * segments ("a.jpg + 2 more"); without one, the segment count.
 * Times (milliseconds in the draft) come from the segments' start and duration, else from the track's
 * {@code d}. An audio track's volume (0-1, or a percent above 1) is shown as a percent when present. Missing fields
 * are left out, never an error.
 */
final class DraftSummary {

    private static final String[] SEGMENT_NAME_KEYS =
            {"title", "name", "text", "content", "label", "filename", "file_name", "n"};
    private static final String[] START_KEYS = {"st", "start", "startTime", "start_time", "s", "offset"};
    private static final String[] DURATION_KEYS = {"d", "duration", "dur", "len"};
    private static final String[] END_KEYS = {"et", "end", "endTime", "end_time"};
    private static final String[] VOLUME_KEYS = {"volume", "vol", "v"};

    private DraftSummary() {
    }

    static String of(JsonNode draft) {
        JsonNode tracks = draft.path("t");
        List<String> items = new ArrayList<>();
        if (tracks.isArray()) {
            int index = 1;
            for (JsonNode track : tracks) {
                items.add(index++ + ". " + track(track));
            }
        }
        String head = "Timeline (" + items.size() + (items.size() == 1 ? " track)" : " tracks)");
        return items.isEmpty() ? head : head + ": " + String.join(" ", items);
    }

    private static String track(JsonNode track) {
        Integer type = Json.integer(track, "tt");
        JsonNode segments = track.path("sg");
        String label = label(type);
        String name = name(track, segments, label);
        StringBuilder out = new StringBuilder(label).append(": ");
        if (name != null) {
            out.append(type != null && type == 7 ? "\"" + name + "\"" : name);
        } else {
            int count = segments.isArray() ? segments.size() : 0;
            out.append(count).append(count == 1 ? " segment" : " segments");
        }
        List<String> details = new ArrayList<>();
        String span = span(track, segments);
        if (span != null) {
            details.add(span);
        }
        String volume = type != null && (type == 0 || type == 7) ? null : volume(track, segments);
        if (volume != null) {
            details.add(volume);
        }
        if (!details.isEmpty()) {
            out.append(" (").append(String.join(", ", details)).append(")");
        }
        return out.toString();
    }

    private static String label(Integer type) {
        if (type == null) {
            return "Track";
        }
        return switch (type) {
            case 0 -> "Video";
            case 1 -> "BGM";
            case 7 -> "Title";
            default -> "Track type " + type;
        };
    }

    /**
     * The track's own name ({@code m.title}, {@code m.name}, {@code title}, {@code name}, or {@code n}
     * unless it only repeats the label), else its segment's name; several segments give
     * "first + N more".
     */
    private static String name(JsonNode track, JsonNode segments, String label) {
        String name = Json.text(track.path("m"), "title", "name");
        if (name == null) {
            name = Json.text(track, "title", "name");
        }
        if (name == null) {
            String n = Json.text(track, "n");
            name = n != null && !n.strip().equalsIgnoreCase(label) ? n : null;
        }
        if (name == null && segments.isArray() && !segments.isEmpty()) {
            JsonNode first = segments.get(0);
            name = Json.text(first.path("m"), SEGMENT_NAME_KEYS);
            if (name == null) {
                name = Json.text(first, SEGMENT_NAME_KEYS);
            }
            if (name != null && segments.size() > 1) {
                name = name.strip() + " + " + (segments.size() - 1) + " more";
            }
        }
        return name == null ? null : name.strip();
    }

    /** "0-10s" from the segments' starts and ends, else "0-Ns" from the track's duration. */
    private static String span(JsonNode track, JsonNode segments) {
        BigDecimal start = null;
        BigDecimal end = null;
        if (segments.isArray()) {
            BigDecimal cursor = BigDecimal.ZERO;
            for (JsonNode segment : segments) {
                BigDecimal segmentStart = Json.number(segment, START_KEYS);
                BigDecimal duration = Json.number(segment, DURATION_KEYS);
                BigDecimal segmentEnd = Json.number(segment, END_KEYS);
                if (segmentStart == null && (duration != null || segmentEnd != null)) {
                    segmentStart = cursor; // segments placed one after another
                }
                if (segmentEnd == null && segmentStart != null && duration != null) {
                    segmentEnd = segmentStart.add(duration);
                }
                if (segmentStart != null) {
                    start = start == null ? segmentStart : start.min(segmentStart);
                }
                if (segmentEnd != null) {
                    end = end == null ? segmentEnd : end.max(segmentEnd);
                    cursor = segmentEnd;
                }
            }
        }
        if (end == null) {
            BigDecimal trackDuration = Json.number(track, "d");
            if (trackDuration == null) {
                return null;
            }
            start = start == null ? BigDecimal.ZERO : start;
            end = start.add(trackDuration);
        }
        return seconds(start == null ? BigDecimal.ZERO : start) + "-" + seconds(end) + "s";
    }

    private static String volume(JsonNode track, JsonNode segments) {
        BigDecimal volume = Json.number(track.path("m"), VOLUME_KEYS);
        if (volume == null) {
            volume = Json.number(track, "volume", "vol");
        }
        if (volume == null && segments.isArray() && !segments.isEmpty()) {
            JsonNode first = segments.get(0);
            volume = Json.number(first, VOLUME_KEYS);
            if (volume == null) {
                volume = Json.number(first.path("m"), VOLUME_KEYS);
            }
        }
        if (volume == null) {
            return null;
        }
        BigDecimal percent = volume.compareTo(BigDecimal.ONE) <= 0 ? volume.movePointRight(2) : volume;
        return plain(percent.setScale(0, RoundingMode.HALF_UP)) + "%";
    }

    /** Milliseconds as seconds: 10000 → "10", 2500 → "2.5". */
    private static String seconds(BigDecimal millis) {
        return plain(millis.movePointLeft(3).setScale(1, RoundingMode.HALF_UP));
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
