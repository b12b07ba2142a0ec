package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.Idempotency;
import dev.photoreel.workflow.api.JobsApiService;

/**
 * {@code POST /jobs/{id}/revisions}: one more instruction for a completed job's video; 202 with the version it makes,
 * 409 while the job or an earlier revision runs, or for a job that never completed.
 */
public final class CreateRevisionHandler extends ApiHandler {

    private final JobsApiService service;
    private final Idempotency idempotency;

    public CreateRevisionHandler() {
        this(Wiring.instance().jobsApi(), Wiring.instance().idempotency(), PowertoolsMetrics.INSTANCE);
    }

    CreateRevisionHandler(JobsApiService service, Idempotency idempotency, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
        this.idempotency = idempotency;
    }

    @Override
    String route() {
        return "CreateRevision";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        String jobId = request.requirePathParameter("id");
        return idempotency.run(request.caller(), request.header("Idempotency-Key").orElse(null), request.method(), request.path(),
                request.body(), () -> {
                    var revision = service.revise(jobId, request.jsonBody(), request.baseUrl());
                    return ApiResponse.json(202, revision.toString()).withHeader("Location", revision.path("links").path("self").asText());
                });
    }
}
