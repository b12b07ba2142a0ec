package dev.photoreel.workflow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the ffmpeg backend understands of an instruction, without an AI: a fixed table of plain words (README, "The
 * instruction without an AI"). Every field is null when the instruction did not say. The words it did not act on are
 * listed in {@link #ignored()}, so the notification can say so honestly.
 *
 * <table>
 * <caption>The words</caption>
 * <tr><td>16:9, landscape, horizontal, widescreen / 9:16, vertical, portrait / 1:1, square</td><td>aspect ratio</td></tr>
 * <tr><td>"N seconds per image" (photo, picture, slide), "each image for N seconds"</td><td>seconds per image</td></tr>
 * <tr><td>a "quoted" (or 'quoted') text</td><td>the title</td></tr>
 * <tr><td>no music, without music, silent</td><td>no music, even when a music file was uploaded</td></tr>
 * <tr><td>slow (slower) / fast (quick, faster)</td><td>1.5x / 0.6x the time per image and the transition length</td></tr>
 * <tr><td>fade, crossfade, dissolve, slide, wipe, zoom (transition), none, no transitions, hard cuts</td><td>the transition</td></tr>
 * <tr><td>ken burns, pan, panning, zoom / still, static, no zoom</td><td>slow pan/zoom on or off</td></tr>
 * </table>
 */
public record InstructionWords(String aspectRatio, Double secondsPerImage, String title, Boolean music, Double pace,
                               String transition, Boolean panZoom, List<String> ignored) {

    public static final InstructionWords NONE = new InstructionWords(null, null, null, null, null, null, null, List.of());

    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final String SECONDS = "\\s*-?\\s*(?:s|sec|secs|second|seconds)\\b";
    private static final String IMAGE = "(?:image|images|photo|photos|picture|pictures|pic|pics|slide|slides)";
    private static final Pattern PER_IMAGE = Pattern.compile(NUM + SECONDS + "\\s+(?:per|for each|each|an?|every)\\s+" + IMAGE);
    private static final Pattern EACH_IMAGE = Pattern.compile(
            "(?:each|every|per)\\s+" + IMAGE + "\\s+(?:for\\s+|lasts?\\s+|of\\s+|shown\\s+(?:for\\s+)?)?" + NUM + SECONDS);
    private static final Pattern QUOTED = Pattern.compile("[\"\u201C]([^\"\u201C\u201D]{1,100})[\"\u201D]");
    /** 'Summer' in single quotes (not an apostrophe: no letter before the opening one or after the closing one). */
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?<!\\p{L})['\u2018]([^'\u2018\u2019]{1,100})['\u2019](?!\\p{L})");

    /** Words that carry no setting of their own ("turn my images into a video with ..."): never listed as ignored. */
    private static final Set<String> FILLER = Set.copyOf(List.of("a", "an", "the", "my", "our", "these", "those", "this", "that", "into",
            "in", "on", "of", "to", "with", "and", "or", "for", "as", "at", "by", "from", "it", "its", "them", "please", "make",
            "turn", "create", "video", "videos", "images", "image", "photos", "photo", "pictures", "picture", "pics", "slides",
            "slideshow", "reel", "clip", "movie", "some", "each", "every", "per", "between", "background", "music", "song",
            "soundtrack", "format", "transitions", "transition", "effect", "effects", "style", "mode", "use", "using", "add",
            "show", "showing", "all", "is", "be", "me", "i", "we", "you", "want", "would", "like", "order", "this", "order:",
            "landscape", "horizontal", "widescreen", "vertical", "portrait", "square", "slow", "fast", "quick", "slower", "faster", "quicker", "fade", "fades",
            "crossfade", "crossfades", "dissolve", "slide", "wipe", "zoom", "zooming", "none", "no", "without", "hard", "cuts",
            "cut", "ken", "burns", "pan", "panning", "still", "static", "silent", "titled", "title", "called", "named", "second",
            "seconds", "s", "sec", "secs"));

    /** Reads what the instruction says. */
    public static InstructionWords parse(String instruction) {
        if (instruction == null || instruction.isBlank()) {
            return NONE;
        }
        Matcher quoted = QUOTED.matcher(instruction);
        String title = null;
        String rest = instruction;
        boolean found = quoted.find();
        if (!found) {
            quoted = SINGLE_QUOTED.matcher(instruction);
            found = quoted.find();
        }
        if (found) {
            title = quoted.group(1).strip();
            rest = instruction.substring(0, quoted.start()) + " " + instruction.substring(quoted.end());
        }
        String lower = " " + rest.toLowerCase(Locale.ROOT).replaceAll("[,;!?()]", " ") + " ";

        String aspect = null;
        if (lower.contains("9:16") || has(lower, "vertical|portrait")) {
            aspect = "9:16";
        } else if (lower.contains("1:1") || has(lower, "square")) {
            aspect = "1:1";
        } else if (lower.contains("16:9") || has(lower, "landscape|horizontal|widescreen")) {
            aspect = "16:9";
        }
        Double perImage = firstNumber(PER_IMAGE, lower);
        if (perImage == null) {
            perImage = firstNumber(EACH_IMAGE, lower);
        }
        Boolean music = has(lower, "no music|without music|no background music|silent") ? Boolean.FALSE : null;
        Double pace = has(lower, "slow|slowly|slower") ? Double.valueOf(1.5) : has(lower, "fast|quick|quickly|faster|quicker") ? Double.valueOf(0.6) : null;

        String transition = null;
        if (has(lower, "no transitions?|without transitions?|hard cuts?|transitions?: none|none")) {
            transition = "none";
        } else if (has(lower, "slides?|sliding")) {
            transition = "slide";
        } else if (has(lower, "wipes?")) {
            transition = "wipe";
        } else if (has(lower, "zoom transitions?|zooming transitions?")) {
            transition = "zoom";
        } else if (has(lower, "cross-?fades?|fades?|fading|dissolves?|transitions?")) {
            transition = "fade";
        }
        Boolean panZoom = null;
        if (has(lower, "still|static|no zoom|no pan|no motion|no ken burns")) {
            panZoom = Boolean.FALSE;
        } else if (has(lower, "ken burns|pan|panning|zoom|zooming")) {
            panZoom = Boolean.TRUE;
        }

        Set<String> ignored = new LinkedHashSet<>();
        for (String word : rest.toLowerCase(Locale.ROOT).split("[\\s,;!?()]+")) {
            String w = word.replaceAll("^[^\\p{L}\\p{N}:]+|[^\\p{L}\\p{N}:]+$", "");
            if (w.isEmpty() || FILLER.contains(w) || w.matches("\\d+(\\.\\d+)?|16:9|9:16|1:1")) {
                continue;
            }
            ignored.add(w);
        }
        return new InstructionWords(aspect, perImage, title, music, pace, transition, panZoom, List.copyOf(new ArrayList<>(ignored)));
    }

    /**
     * The instructions of a job and its revisions, oldest first, read one by one: what a later one says wins over an
     * earlier one, what it does not say is kept ("slower" keeps the earlier title).
     */
    public static InstructionWords parseAll(List<String> instructions) {
        InstructionWords words = NONE;
        for (String instruction : instructions) {
            words = words.then(parse(instruction));
        }
        return words;
    }

    /** These words, with every setting {@code later} says replacing this one's. */
    public InstructionWords then(InstructionWords later) {
        Set<String> allIgnored = new LinkedHashSet<>(ignored);
        allIgnored.addAll(later.ignored);
        return new InstructionWords(or(later.aspectRatio, aspectRatio), or(later.secondsPerImage, secondsPerImage), or(later.title, title),
                or(later.music, music), or(later.pace, pace), or(later.transition, transition), or(later.panZoom, panZoom),
                List.copyOf(allIgnored));
    }

    private static <T> T or(T later, T earlier) {
        return later != null ? later : earlier;
    }

    private static boolean has(String lower, String alternatives) {
        return Pattern.compile("(?<![\\p{L}-])(?:" + alternatives + ")(?![\\p{L}])").matcher(lower).find();
    }

    private static Double firstNumber(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        return value > 0 && value <= JobManifest.MAX_SECONDS_PER_IMAGE ? value : null;
    }
}
