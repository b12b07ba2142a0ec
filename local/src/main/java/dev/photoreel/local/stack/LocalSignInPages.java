package dev.photoreel.local.stack;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP side of {@link LocalSignIn} under {@code /_local}: the routes Cognito's hosted UI serves for the page
 * ({@code /oauth2/authorize}, {@code /oauth2/token}, {@code /logout}) plus {@code /sign-in}, which stands in for the
 * login form: it takes the key from the printed link instead of a password.
 */
final class LocalSignInPages {

    private LocalSignInPages() {
    }

    static void handle(HttpExchange exchange, LocalSignIn signIn, String method, String path, byte[] body) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String session = cookie(exchange, LocalSignIn.SESSION_COOKIE).orElse(null);
        switch (method + " " + path) {
            case "GET /sign-in" -> {
                Optional<String> started = signIn.startSession(query.get("key"));
                if (started.isEmpty()) {
                    html(exchange, 401, "This sign-in link is not valid for this stack: use the link printed by the running "
                            + "<code>./photoreel stack</code> or <code>./photoreel web</code> (a new run makes a new link).");
                    return;
                }
                exchange.getResponseHeaders().add("Set-Cookie", LocalSignIn.SESSION_COOKIE + "=" + started.get()
                        + "; Path=" + LocalSignIn.PATH + "; HttpOnly; SameSite=Lax");
                redirect(exchange, "/");
            }
            case "GET /oauth2/authorize" -> {
                if (!signIn.hasSession(session)) {
                    html(exchange, 401, "You are not signed in to the local stack: open the sign-in link printed by "
                            + "<code>./photoreel stack</code> or <code>./photoreel web</code>, then sign in on the page again.");
                    return;
                }
                String code;
                try {
                    code = signIn.authorize(query);
                } catch (IllegalArgumentException e) {
                    html(exchange, 400, escape(e.getMessage()));
                    return;
                }
                redirect(exchange, query.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(query.getOrDefault("state", "")));
            }
            case "POST /oauth2/token" -> {
                try {
                    json(exchange, 200, signIn.token(form(new String(body, StandardCharsets.UTF_8))).toString());
                } catch (IllegalArgumentException e) {
                    String error = e.getMessage().startsWith("invalid_grant") ? "invalid_grant" : "invalid_request";
                    json(exchange, 400, "{\"error\":\"" + error + "\",\"error_description\":" + quote(e.getMessage()) + "}");
                }
            }
            case "GET /logout" -> {
                signIn.endSession(session);
                exchange.getResponseHeaders().add("Set-Cookie", LocalSignIn.SESSION_COOKIE + "=; Path=" + LocalSignIn.PATH + "; Max-Age=0");
                String back = query.getOrDefault("logout_uri", "/");
                redirect(exchange, back.startsWith(signIn.domain().replace(LocalSignIn.PATH, "") + "/") ? back : "/");
            }
            default -> html(exchange, 404, "No such sign-in page: " + escape(method + " " + path));
        }
    }

    private static Optional<String> cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String[] parts = pair.strip().split("=", 2);
                if (parts.length == 2 && parts[0].equals(name)) {
                    return Optional.of(parts[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void html(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>photoreel local sign-in</title>"
                + "<main><h1>photoreel local sign-in</h1><p id=\"message\">" + message + "</p></main></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
