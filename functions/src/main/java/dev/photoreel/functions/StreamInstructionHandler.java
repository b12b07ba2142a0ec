package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.WorkflowMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stream Instruction: reads the instruction stream until it closes or until the Lambda's remaining
 * time minus {@code STREAM_MARGIN_SECONDS}, then checks the draft once and hands over to the draft-ready
 * loop. Result at {@code $.draft}, the loop's first check.
 */
public final class StreamInstructionHandler extends StepHandler {

    private final EditingService service;
    private final Duration margin;
    private final Clock clock;

    public StreamInstructionHandler() {
        this(Wiring.instance().editing(), Wiring.instance().config.streamMargin(), Clock.systemUTC(), PowertoolsMetrics.INSTANCE);
    }

    StreamInstructionHandler(EditingService service, Duration margin, Clock clock, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
        this.margin = margin;
        this.clock = clock;
    }

    @Override
    String stage() {
        return "StreamInstruction";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        Instant deadline = clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(margin);
        return service.streamInstructionAndCheckDraft(state.requireJobId(), state.requireSessionId(), deadline);
    }
}
