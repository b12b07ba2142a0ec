package dev.photoreel.functions;

import dev.photoreel.render.FfmpegRenderEngine;
import dev.photoreel.workflow.FfmpegVideoService;
import java.nio.file.Path;

/**
 * The ffmpeg backend's collaborators, apart from {@link Wiring}: only the render function's artifact carries the engine
 * (dev.photoreel.render) and ffmpeg, so no other class of the functions jar may refer to them. Loaded by
 * {@link RenderVideoHandler} on its first job: ffmpeg is extracted to /tmp then, once per container.
 */
final class RenderWiring {

    private static volatile FfmpegVideoService service;

    private RenderWiring() {
    }

    static FfmpegVideoService ffmpegVideo() {
        FfmpegVideoService current = service;
        if (current == null) {
            synchronized (RenderWiring.class) {
                if (service == null) {
                    Wiring wiring = Wiring.instance();
                    service = new FfmpegVideoService(wiring.jobs(), wiring.media(), new FfmpegRenderEngine(), wiring.config,
                            Path.of(System.getProperty("java.io.tmpdir"), "photoreel-render"), wiring.clock);
                }
                current = service;
            }
        }
        return current;
    }
}
