package dev.photoreel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photoreel.nemo.internal.Json;
import dev.photoreel.workflow.exceptions.JobValidationException;
import dev.photoreel.workflow.webhook.CallbackUrls;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A job's {@code job.json}: every field optional. {@link #parse} fails with a
 * {@link JobValidationException} that names the field and the allowed values.
 */
public record JobManifest(String instruction, String title, String aspectRatio, Double secondsPerImage,
                          List<String> order, String language, String renderer, Boolean fallback, String callbackUrl) {

    /** The vendor backend: NemoVideo's cloud editor (the default). */
    public static final String RENDERER_NEMOVIDEO = "nemovideo";
    /** The in-house backend: the ffmpeg render function. */
    public static final String RENDERER_FFMPEG = "ffmpeg";
    public static final List<String> RENDERERS = List.of(RENDERER_NEMOVIDEO, RENDERER_FFMPEG);

    /** The same settings in the six-field form used before the backend choice existed (renderer and fallback unset). */
    public JobManifest(String instruction, String title, String aspectRatio, Double secondsPerImage, List<String> order,
                       String language) {
        this(instruction, title, aspectRatio, secondsPerImage, order, language, null, null, null);
    }

    public static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1");
    public static final double MAX_SECONDS_PER_IMAGE = 60;
    public static final int MAX_INSTRUCTION_CHARS = 2000;
    public static final int MAX_TITLE_CHARS = 100;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final ObjectMapper MAPPER = Json.MAPPER;

    public static final JobManifest DEFAULTS = new JobManifest(WorkflowConfig.DEFAULT_INSTRUCTION, null, null, null, List.of(), "en");

    public static JobManifest parse(String name, String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JobValidationException(name + " is not valid JSON (" + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "); fix it or remove it to use the defaults");
        }
        if (root == null || !root.isObject()) {
            throw new JobValidationException(name + " must be a JSON object like {\"title\": \"My trip\"}");
        }
        String instruction = text(root, name, "instruction", MAX_INSTRUCTION_CHARS);
        String title = text(root, name, "title", MAX_TITLE_CHARS);
        String aspectRatio = text(root, name, "aspectRatio", 10);
        if (aspectRatio != null && !ASPECT_RATIOS.contains(aspectRatio)) {
            throw new JobValidationException(name + ": field 'aspectRatio' is '" + aspectRatio
                    + "'; allowed values: 16:9, 9:16, 1:1");
        }
        Double seconds = null;
        JsonNode secondsNode = root.get("secondsPerImage");
        if (secondsNode != null && !secondsNode.isNull()) {
            if (!secondsNode.isNumber() || !(secondsNode.asDouble() > 0) || secondsNode.asDouble() > MAX_SECONDS_PER_IMAGE) {
                throw new JobValidationException(name + ": field 'secondsPerImage' is " + secondsNode
                        + "; allowed values: a number above 0 and at most " + (int) MAX_SECONDS_PER_IMAGE);
            }
            seconds = secondsNode.asDouble();
        }
        List<String> order = new ArrayList<>();
        JsonNode orderNode = root.get("order");
        if (orderNode != null && !orderNode.isNull()) {
            if (!orderNode.isArray()) {
                throw new JobValidationException(name + ": field 'order' must be a list of file names in the folder, like [\"a.jpg\", \"b.png\"]");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode item : orderNode) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw new JobValidationException(name + ": field 'order' must contain only file names (text), found " + item);
                }
                if (!seen.add(item.asText())) {
                    throw new JobValidationException(name + ": field 'order' lists '" + item.asText() + "' twice; list each file once");
                }
            }
            order.addAll(seen);
        }
        String language = text(root, name, "language", 20);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            throw new JobValidationException(name + ": field 'language' is '" + language
                    + "'; allowed values: a language code like en, de, pt-BR");
        }
        String renderer = text(root, name, "renderer", 20);
        if (renderer != null && !RENDERERS.contains(renderer)) {
            throw new JobValidationException(name + ": field 'renderer' is '" + renderer
                    + "'; allowed values: " + String.join(", ", RENDERERS));
        }
        Boolean fallback = null;
        JsonNode fallbackNode = root.get("fallback");
        if (fallbackNode != null && !fallbackNode.isNull()) {
            if (!fallbackNode.isBoolean()) {
                throw new JobValidationException(name + ": field 'fallback' is " + fallbackNode + "; allowed values: true, false");
            }
            fallback = fallbackNode.asBoolean();
        }
        String callbackUrl = text(root, name, CallbackUrls.FIELD, CallbackUrls.MAX_CHARS);
        if (callbackUrl != null) {
            CallbackUrls.problem(callbackUrl).ifPresent(problem -> {
                throw new JobValidationException(name + ": field '" + CallbackUrls.FIELD + "' " + problem);
            });
        }
        return new JobManifest(
                instruction == null ? WorkflowConfig.DEFAULT_INSTRUCTION : instruction,
                title, aspectRatio, seconds, List.copyOf(order), language == null ? "en" : language, renderer, fallback, callbackUrl);
    }

    /** Whether the user wrote an instruction of their own (not the default). */
    public boolean hasOwnInstruction() {
        return !WorkflowConfig.DEFAULT_INSTRUCTION.equals(instruction);
    }

    /** The instruction sent to the vendor: the user's instruction plus the settings in words. */
    public String vendorInstruction(List<InputFile> inputs) {
        StringBuilder text = new StringBuilder(instruction.strip().replaceAll("[.\\s]+$", ""));
        if (title != null) {
            text.append(", titled \"").append(title.replace("\"", "'")).append('"');
        }
        if (aspectRatio != null) {
            text.append(switch (aspectRatio) {
                case "9:16" -> ", in 9:16 vertical format";
                case "1:1" -> ", in 1:1 square format";
                default -> ", in 16:9 landscape format";
            });
        }
        if (secondsPerImage != null) {
            text.append(", ").append(formatSeconds(secondsPerImage)).append(" per image");
        }
        if (!order.isEmpty()) {
            List<String> images = inputs.stream().filter(i -> i.kind() == InputFile.Kind.IMAGE).map(InputFile::vendorFilename).toList();
            text.append(", showing the images in this order: ").append(String.join(", ", images));
        }
        return text.append('.').toString();
    }

    private static String formatSeconds(double seconds) {
        String number = seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
        return number + (seconds == 1 ? " second" : " seconds");
    }

    private static String text(JsonNode root, String name, String field, int maxChars) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new JobValidationException(name + ": field '" + field + "' must be non-empty text, found " + node);
        }
        if (node.asText().length() > maxChars) {
            throw new JobValidationException(name + ": field '" + field + "' is " + node.asText().length()
                    + " characters long; allowed: at most " + maxChars);
        }
        return node.asText();
    }
}
