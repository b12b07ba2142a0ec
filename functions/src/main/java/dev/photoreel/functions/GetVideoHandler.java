package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;
import dev.photoreel.workflow.api.JobsApiService;
import java.util.Map;

/**
 * {@code GET /jobs/{id}/video}: the stable link. A 307 to a freshly signed S3 URL, never cached (a 301 would be
 * cached forever and outlive the signature). A caller that asks for {@code Accept: application/json} (the web page:
 * a browser cannot read a cross-origin redirect's Location, and a {@code <video>} element cannot send the token) gets
 * {@code 200 {"url": ...}} with the same signed URL instead.
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
        if (request.header("Accept").filter(accept -> accept.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")).isPresent()) {
            return ApiResponse.json(200, Json.MAPPER.createObjectNode().put("url", url).toString()).withHeader("Cache-Control", "no-store");
        }
        return new ApiResponse(307, Map.of("Location", url, "Cache-Control", "no-store"), "");
    }
}
