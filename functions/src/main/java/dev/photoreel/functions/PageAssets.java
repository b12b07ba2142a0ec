package dev.photoreel.functions;

import dev.photoreel.workflow.api.ApiProblem;
import dev.photoreel.workflow.api.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web page's files, read once from the classpath ({@code web/} in the functions jar): a fixed list, so no
 * request can name any other resource. The page is static; what differs per deployment (where to sign in) comes
 * from the API stage's variables and is written into {@code index.html} as a {@code <meta>} element.
 */
final class PageAssets {

    /** The files the page consists of, by the name in {@code /assets/{file}}, with their content types. */
    static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    /** Stage variables: the hosted sign-in's base URL (Cognito domain, or the local stack's) and the app client id. */
    static final String SIGN_IN_DOMAIN = "signInDomain";
    static final String SIGN_IN_CLIENT_ID = "signInClientId";
    /** The value the template gives both variables when the sign-in (ApiAuth COGNITO) is off. */
    static final String DISABLED = "none";

    private static final String SECURITY_HEADERS_CSP =
            "default-src 'self'; img-src 'self' blob: data:; media-src 'self' https: http:; connect-src 'self' https: http:; "
                    + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self' https: http:";

    private final String indexTemplate;
    private final Map<String, String> assets;

    PageAssets() {
        this.indexTemplate = read("index.html");
        this.assets = Map.of("app.js", read("app.js"), "style.css", read("style.css"));
    }

    /**
     * {@code GET /}: the page, with the sign-in settings of this deployment. {@code basePath} is the path the API is
     * served under, ending in {@code /} (e.g. {@code /v1/}): the page's links and calls are made against it.
     */
    ApiResponse index(String basePath, Map<String, String> stageVariables) {
        String domain = stageVariables.getOrDefault(SIGN_IN_DOMAIN, DISABLED);
        String clientId = stageVariables.getOrDefault(SIGN_IN_CLIENT_ID, DISABLED);
        String html = indexTemplate
                .replace("{{base}}", attribute(basePath))
                .replace("{{signInDomain}}", attribute(domain))
                .replace("{{signInClientId}}", attribute(clientId));
        return page(html, "text/html; charset=utf-8");
    }

    /** {@code GET /assets/{file}}: one of {@link #ASSETS}, else a 404 that lists them. */
    ApiResponse asset(String file) {
        String body = assets.get(file);
        if (body == null) {
            throw ApiProblem.notFound("the page has no file '" + file + "': its files are " + ASSETS.keySet().stream().sorted().toList());
        }
        return page(body, ASSETS.get(file));
    }

    private static ApiResponse page(String body, String contentType) {
        return new ApiResponse(200, Map.of(
                "Content-Type", contentType,
                "Cache-Control", "no-cache",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Content-Security-Policy", SECURITY_HEADERS_CSP), body);
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String read(String name) {
        try (InputStream in = PageAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is not on the classpath: build the functions jar with its resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
