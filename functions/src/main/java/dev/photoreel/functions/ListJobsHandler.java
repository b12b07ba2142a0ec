package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.JobsApiService;

/** {@code GET /jobs?status=&limit=&next=}: newest first, over the listing index; {@code next} is a signed cursor. */
public final class ListJobsHandler extends ApiHandler {

    private final JobsApiService service;

    public ListJobsHandler() {
        this(Wiring.instance().jobsApi(), PowertoolsMetrics.INSTANCE);
    }

    ListJobsHandler(JobsApiService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String route() {
        return "ListJobs";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        return ApiResponse.json(200, service.list(request.query("status"), request.query("limit"), request.query("next"),
                request.baseUrl()).toString()).withHeader("Cache-Control", "no-store");
    }
}
