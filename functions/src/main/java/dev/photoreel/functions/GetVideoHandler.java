package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.JobsApiService;
import java.util.Map;

/**
 * {@code GET /jobs/{id}/video}: the stable link. A 307 to a freshly signed S3 URL, never cached (a 301 would be
 * cached forever and outlive the signature).
 */
public final class GetVideoHandler extends ApiHandler {

    private final JobsApiService service;

    public GetVideoHandler() {
        this(Wiring.instance().jobsApi(), PowertoolsMetrics.INSTANCE);
    }

    GetVideoHandler(JobsApiService service, WorkflowMetrics metrics) {
        super(metrics);
        this.service = service;
    }

    @Override
    String route() {
        return "GetVideo";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        String url = service.videoUrl(request.requirePathParameter("id"), request.query("version")).toString();
        return new ApiResponse(307, Map.of("Location", url, "Cache-Control", "no-store"), "");
    }
}
