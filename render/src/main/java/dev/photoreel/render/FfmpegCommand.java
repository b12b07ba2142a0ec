package dev.photoreel.render;

import java.util.List;

/**
 * The arguments of one ffmpeg run (without the executable itself).
 *
 * @param args            the arguments, in order
 * @param filterComplex   the {@code -filter_complex} graph (also inside {@code args})
 * @param plan            the frame layout the graph implements
 */
public record FfmpegCommand(List<String> args, String filterComplex, TimelinePlan plan) {

    public FfmpegCommand {
        args = List.copyOf(args);
    }
}
