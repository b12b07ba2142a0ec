package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.Idempotency;
import dev.photoreel.workflow.api.JobsApiService;

/** {@code POST /jobs/{id}/start}: checks the announced files arrived as announced and starts the workflow (202). */
public final class LaunchJobHandler extends ApiHandler {

    private final JobsApiService service;
    private final Idempotency idempotency;

    public LaunchJobHandler() {
        this(Wiring.instance().jobsApi(), Wiring.instance().idempotency(), PowertoolsMetrics.INSTANCE);
    }

    LaunchJobHandler(JobsApiService service, Idempotency idempotency, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
        this.idempotency = idempotency;
    }

    @Override
    String route() {
        return "LaunchJob";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        String jobId = request.requirePathParameter("id");
        return idempotency.run(request.caller(), request.header("Idempotency-Key").orElse(null), request.method(), request.path(),
                request.body(), () -> ApiResponse.json(202, service.start(jobId, request.baseUrl()).toString())
                        .withHeader("Location", request.baseUrl() + "/jobs/" + jobId));
    }
}
