package dev.photoreel.local.emulator;

import static dev.photoreel.local.emulator.Exchanges.decode;

import dev.photoreel.local.emulator.Exchanges.BadRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator's route table: which {@link Endpoint} a method and path name, with the id in the path
 * (session, render or file), and the method each endpoint expects (GET routes also answer HEAD).
 */
final class Routes {

    private static final Pattern UPLOAD = Pattern.compile("/api/upload-video/nemo_agent/me/([^/]+)");
    private static final Pattern STATE = Pattern.compile("/api/state/nemo_agent/me/([^/]+)/latest");
    private static final Pattern RENDER_POLL = Pattern.compile("/api/render/proxy/lambda/([^/]+)");
    private static final Pattern RENDER_CANCEL = Pattern.compile("/api/render/proxy/lambda/([^/]+)/cancel");
    private static final Pattern RENDER_DOWNLOAD = Pattern.compile("/api/render/proxy/([^/]+)/download");

    private Routes() {
    }

    /** A request's endpoint and the id decoded from its path (null when the path has none). */
    record Route(Endpoint endpoint, String id) {
    }

    /** The route for {@code method path}; null when no endpoint has the path; {@link BadRequest} 405 on the wrong method. */
    static Route route(String method, String path) throws BadRequest {
        Matcher m;
        Route r = null;
        String expected = "POST";
        if (path.equals("/api/auth/anonymous-token")) {
            r = new Route(Endpoint.TOKEN, null);
        } else if (path.equals("/api/tasks/me/with-session/nemo_agent")) {
            r = new Route(Endpoint.SESSION, null);
        } else if ((m = UPLOAD.matcher(path)).matches()) {
            r = new Route(Endpoint.UPLOAD, decode(m.group(1)));
        } else if (path.equals("/run_sse")) {
            r = new Route(Endpoint.RUN_SSE, null);
        } else if (path.equals("/api/credits/balance/simple")) {
            r = new Route(Endpoint.CREDITS, null);
            expected = "GET";
        } else if ((m = STATE.matcher(path)).matches()) {
            r = new Route(Endpoint.STATE, decode(m.group(1)));
            expected = "GET";
        } else if (path.equals("/api/render/proxy/lambda")) {
            r = new Route(Endpoint.RENDER_SUBMIT, null);
        } else if ((m = RENDER_CANCEL.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_CANCEL, decode(m.group(1)));
        } else if ((m = RENDER_POLL.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_POLL, decode(m.group(1)));
            expected = "GET";
        } else if ((m = RENDER_DOWNLOAD.matcher(path)).matches()) {
            r = new Route(Endpoint.RENDER_DOWNLOAD, decode(m.group(1)));
            expected = "GET";
        } else if (path.startsWith("/files/")) {
            r = new Route(Endpoint.FILES, decode(path.substring("/files/".length())));
            expected = "GET";
        }
        if (r == null) {
            return null;
        }
        boolean ok = method.equals(expected) || (expected.equals("GET") && method.equals("HEAD"));
        if (!ok) {
            throw new BadRequest(405, "Method Not Allowed: " + method + " " + path + " expects " + expected);
        }
        return r;
    }
}
