package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.Idempotency;
import dev.photoreel.workflow.api.JobsApiService;

/** {@code POST /jobs}: a job with one presigned PUT per announced file (201), or over a folder already in the bucket. */
public final class CreateJobHandler extends ApiHandler {

    private final JobsApiService service;
    private final Idempotency idempotency;

    public CreateJobHandler() {
        this(Wiring.instance().jobsApi(), Wiring.instance().idempotency(), PowertoolsMetrics.INSTANCE);
    }

    CreateJobHandler(JobsApiService service, Idempotency idempotency, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
        this.idempotency = idempotency;
    }

    @Override
    String route() {
        return "CreateJob";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        return idempotency.run(request.caller(), request.header("Idempotency-Key").orElse(null), request.method(), request.path(),
                request.body(), () -> {
                    var created = service.create(request.caller(), request.jsonBody(), request.baseUrl());
                    return ApiResponse.json(201, created.toString()).withHeader("Location", created.path("links").path("self").asText());
                });
    }
}
