package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.FfmpegVideoService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.util.function.Supplier;

/**
 * Render With Ffmpeg: the job's video from its validated inputs with the ffmpeg engine, without the vendor, when the job
 * asks for it or a vendor failure falls back to it ({@code $.vendorError}). Result at {@code $.video}. Deployed from its
 * own artifact, the one that carries the ffmpeg executable (see the Makefile).
 */
public final class RenderVideoHandler extends StepHandler {

    private final Supplier<FfmpegVideoService> service;

    public RenderVideoHandler() {
        this(RenderWiring::ffmpegVideo, PowertoolsMetrics.INSTANCE);
    }

    /** The service is built on first use: ffmpeg is extracted to /tmp once per container, on the first job. */
    RenderVideoHandler(Supplier<FfmpegVideoService> service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "RenderVideo";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        WorkflowState.CaughtError cause = state.vendorError();
        return service.get().render(state.requireJobId(), cause == null ? null : cause.error(), cause == null ? null : cause.cause());
    }
}
