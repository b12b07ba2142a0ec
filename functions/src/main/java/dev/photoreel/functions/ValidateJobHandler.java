package dev.photoreel.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.photoreel.workflow.ValidationService;
import dev.photoreel.workflow.WorkflowMetrics;

/** Validate Job: formats by magic bytes, sizes, counts, job.json; records the inputs. Result at {@code $.validation}. */
public final class ValidateJobHandler extends StepHandler {

    private final ValidationService service;

    public ValidateJobHandler() {
        this(Wiring.instance().validation(), PowertoolsMetrics.INSTANCE);
    }

    ValidateJobHandler(ValidationService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String stage() {
        return "ValidateJob";
    }

    @Override
    Object handle(WorkflowState state, Context context) {
        return service.validate(state.requireJobId());
    }
}
