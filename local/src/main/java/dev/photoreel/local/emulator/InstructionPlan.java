package dev.photoreel.local.emulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the emulator's "editor" understands of an instruction. Every field is null when the
 * instruction did not say; {@link #over(InstructionPlan)} lets a later instruction refine an earlier one.
 *
 * @param secondsPerImage  "3 seconds per image", "each photo for 4 s"
 * @param totalSeconds     "a 30 second video" (spread over the images when no per-image time is given)
 * @param canvas           "16:9"/"landscape", "9:16"/"vertical"/"portrait", "1:1"/"square"
 * @param title            {@code titled "Summer Trip"} or any double-quoted text
 * @param transition       "fade", "crossfade", "dissolve" or "none" ("no transitions", "hard cuts")
 * @param transitionMs     "1 second transitions", "0.5 s crossfade"
 * @param musicVolume      "music at 35%"
 * @param fit              "letterbox" / "black bars" or "blur" / "blurred"
 * @param panZoom          "ken burns", "pan", "zoom"; "no zoom" turns it off
 */
public record InstructionPlan(Double secondsPerImage, Double totalSeconds, Canvas canvas, String title,
                              String transition, Integer transitionMs, Integer musicVolume, String fit, Boolean panZoom) {

    public static final InstructionPlan EMPTY = new InstructionPlan(null, null, null, null, null, null, null, null, null);

    /** An output canvas. */
    public enum Canvas {
        LANDSCAPE("16:9", 1920, 1080), PORTRAIT("9:16", 1080, 1920), SQUARE("1:1", 1080, 1080);

        public final String ratio;
        public final int width;
        public final int height;

        Canvas(String ratio, int width, int height) {
            this.ratio = ratio;
            this.width = width;
            this.height = height;
        }
    }

    private static final String NUM = "(\\d+(?:\\.\\d+)?)";
    private static final String SECONDS = "\\s*-?\\s*(?:s|sec|secs|second|seconds)\\b";
    private static final String IMAGE = "(?:image|images|photo|photos|picture|pictures|pic|pics|slide|slides|shot|shots)";
    private static final Pattern PER_IMAGE = Pattern.compile(
            NUM + SECONDS + "\\s+(?:per|for each|each|an?|every)\\s+" + IMAGE);
    private static final Pattern EACH_IMAGE = Pattern.compile(
            "(?:each|every|per)\\s+" + IMAGE + "\\s+(?:for\\s+|lasts?\\s+|of\\s+|shown\\s+(?:for\\s+)?|on screen\\s+(?:for\\s+)?)?" + NUM + SECONDS);
    private static final Pattern TOTAL = Pattern.compile(
            NUM + SECONDS + "\\s+(?:long\\s+)?(?:video|reel|slideshow|clip|movie|film)");
    private static final Pattern TOTAL_LONG = Pattern.compile(
            "(?:video|reel|slideshow|clip|movie)\\s+(?:of\\s+|that is\\s+|about\\s+|lasting\\s+)" + NUM + SECONDS);
    private static final Pattern TRANSITION_MS = Pattern.compile(
            NUM + SECONDS + "\\s+(?:cross-?fades?|fades?|dissolves?|transitions?)");
    private static final Pattern QUOTED = Pattern.compile("[\"\u201C]([^\"\u201C\u201D]{1,120})[\"\u201D]");
    private static final Pattern VOLUME = Pattern.compile(
            "(?:music|song|audio|soundtrack|bgm|volume)[^.%\\d]{0,30}?(\\d{1,3})\\s*%|(\\d{1,3})\\s*%\\s*(?:volume|music)");

    /** Reads what the instruction says; what it does not say stays null. */
    public static InstructionPlan parse(String instruction) {
        String text = instruction == null ? "" : instruction;
        String lower = text.toLowerCase(Locale.ROOT);
        Double perImage = firstNumber(PER_IMAGE, lower);
        if (perImage == null) {
            perImage = firstNumber(EACH_IMAGE, lower);
        }
        Double total = firstNumber(TOTAL, lower);
        if (total == null) {
            total = firstNumber(TOTAL_LONG, lower);
        }
        Canvas canvas = null;
        if (lower.contains("9:16")) {
            canvas = Canvas.PORTRAIT;
        } else if (lower.contains("16:9")) {
            canvas = Canvas.LANDSCAPE;
        } else if (lower.contains("1:1")) {
            canvas = Canvas.SQUARE;
        } else if (lower.matches("(?s).*\\b(vertical|portrait|tiktok)\\b.*")) {
            canvas = Canvas.PORTRAIT;
        } else if (lower.matches("(?s).*\\bsquare\\b.*")) {
            canvas = Canvas.SQUARE;
        } else if (lower.matches("(?s).*\\b(landscape|horizontal|widescreen)\\b.*")) {
            canvas = Canvas.LANDSCAPE;
        }
        Matcher quoted = QUOTED.matcher(text);
        String title = quoted.find() ? quoted.group(1).trim() : null;
        String transition = null;
        if (lower.matches("(?s).*\\b(no transitions?|without transitions?|hard cuts?|straight cuts?|no fades?)\\b.*")) {
            transition = "none";
        } else if (lower.matches("(?s).*\\b(cross-?fades?|fades?|dissolves?|transitions?)\\b.*")) {
            transition = "fade";
        }
        Double transitionSeconds = firstNumber(TRANSITION_MS, lower);
        Integer volume = null;
        Matcher v = VOLUME.matcher(lower);
        if (v.find()) {
            volume = Math.min(100, Integer.parseInt(v.group(1) != null ? v.group(1) : v.group(2)));
        }
        String fit = null;
        if (lower.matches("(?s).*\\b(letterbox(ed|ing)?|black bars|pillarbox(ed)?)\\b.*")) {
            fit = "letterbox";
        } else if (lower.matches("(?s).*\\b(blur|blurred|blurry)\\b.*")) {
            fit = "blurred_fill";
        }
        Boolean panZoom = null;
        if (lower.matches("(?s).*\\b(no (pan|zoom|motion|ken burns)|static)\\b.*")) {
            panZoom = false;
        } else if (lower.matches("(?s).*\\b(ken burns|pan|panning|zoom|zooming)\\b.*")) {
            panZoom = true;
        }
        return new InstructionPlan(perImage, total, canvas, title, transition,
                transitionSeconds == null ? null : (int) Math.round(transitionSeconds * 1000), volume, fit, panZoom);
    }

    /** This plan, with what it leaves unsaid taken from {@code earlier}. */
    public InstructionPlan over(InstructionPlan earlier) {
        return new InstructionPlan(
                secondsPerImage != null || totalSeconds != null ? secondsPerImage : earlier.secondsPerImage,
                secondsPerImage != null || totalSeconds != null ? totalSeconds : earlier.totalSeconds,
                canvas != null ? canvas : earlier.canvas,
                title != null ? title : earlier.title,
                transition != null ? transition : earlier.transition,
                transitionMs != null ? transitionMs : earlier.transitionMs,
                musicVolume != null ? musicVolume : earlier.musicVolume,
                fit != null ? fit : earlier.fit,
                panZoom != null ? panZoom : earlier.panZoom);
    }

    private static Double firstNumber(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        return value > 0 ? value : null;
    }
}
