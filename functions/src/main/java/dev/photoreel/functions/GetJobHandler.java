package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.JobsApiService;

/** {@code GET /jobs/{id}}: status, stage, progress that never goes down, stage times, error, versions. */
public final class GetJobHandler extends ApiHandler {

    private final JobsApiService service;

    public GetJobHandler() {
        this(Wiring.instance().jobsApi(), PowertoolsMetrics.INSTANCE);
    }

    GetJobHandler(JobsApiService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String route() {
        return "GetJob";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(200, service.view(request.requirePathParameter("id"), request.baseUrl()).toString())
                .withHeader("Cache-Control", "no-store");
    }
}
