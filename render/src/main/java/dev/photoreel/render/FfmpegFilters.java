package dev.photoreel.render;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The filters an ffmpeg build has, from {@code ffmpeg -filters}. */
final class FfmpegFilters {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** A listing line: three flag characters, the name, then the pads ({@code " T.C drawtext  V->V  Draw text..."}). */
    private static final Pattern LINE = Pattern.compile("^\\s*[A-Z.|]{3}\\s+(\\S+)\\s+\\S*->\\S*\\s");

    private final Ffmpeg ffmpeg;
    private final Set<String> names;

    FfmpegFilters(Ffmpeg ffmpeg, Set<String> names) {
        this.ffmpeg = ffmpeg;
        this.names = names;
    }

    /**
     * Runs {@code ffmpeg -filters} once.
     *
     * @throws RenderException when ffmpeg does not run or lists no filters
     */
    static FfmpegFilters of(Ffmpeg ffmpeg) {
        ProcessRunner.Result result = ProcessRunner.run(
                List.of(ffmpeg.executable().toString(), "-hide_banner", "-filters"), TIMEOUT);
        Set<String> names = parse(new String(result.stdout(), StandardCharsets.UTF_8));
        if (!result.succeeded() || names.isEmpty()) {
            throw new RenderException("could not list the filters of " + ffmpeg + " (exit " + result.exitCode()
                    + "): " + result.stderrTail() + " (set " + FfmpegLocator.FFMPEG_ENV + " to a working ffmpeg)");
        }
        return new FfmpegFilters(ffmpeg, names);
    }

    static Set<String> parse(String listing) {
        Set<String> names = new TreeSet<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    boolean has(String filter) {
        return names.contains(filter);
    }

    /** @throws RenderException naming every missing filter, when any is missing */
    void requireAll(Collection<String> required) {
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(names);
        if (!missing.isEmpty()) {
            throw new RenderException("the ffmpeg at " + ffmpeg + " lacks the filters " + String.join(", ", missing)
                    + " that the render engine uses: unset " + FfmpegLocator.FFMPEG_ENV + " to use the bundled"
                    + " ffmpeg, or point it at a full build (4.3 or later, with libx264)");
        }
    }
}
