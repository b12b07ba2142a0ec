package dev.photoreel.functions;

import dev.photoreel.workflow.WorkflowMetrics;
import dev.photoreel.workflow.api.ApiResponse;

/**
 * {@code GET /} and {@code GET /assets/{file}}: the web page, served by the jobs API itself so the page and the API
 * share one origin. The page is static and needs no auth; every API call it makes carries the signed-in user's token.
 */
public final class ServePageHandler extends ApiHandler {

    private static final PageAssets ASSETS = new PageAssets();

    private final PageAssets assets;

    public ServePageHandler() {
        this(ASSETS, PowertoolsMetrics.INSTANCE);
    }

    ServePageHandler(PageAssets assets, WorkflowMetrics metrics) {
        super(metrics);
        this.assets = assets;
    }

    @Override
    String route() {
        return "ServePage";
    }

    @Override
    ApiResponse handle(ApiRequest request) {
        return request.pathParameter("file").map(assets::asset).orElseGet(() -> assets.index(request.basePath(), request.stageVariables()));
    }
}
