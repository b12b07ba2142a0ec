package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stand-in for the page's Cognito sign-in (the template's {@code ApiAuth=COGNITO}): what the hosted UI and
 * the Cognito authorizer do, on the local API's origin.
 * <ul>
 *   <li>A person signs in by opening the sign-in link that {@code photoreel stack} and {@code photoreel web} print: it
 *       carries a key made for this stack run, and sets a session cookie, like the hosted UI's login.</li>
 *   <li>{@code /oauth2/authorize} (authorization code with PKCE, S256 only) answers a signed-in browser with a one-use
 *       code bound to the client, the redirect URI and the challenge; {@code /oauth2/token} trades it, with the
 *       verifier, for an ID token: a JWT (HS256) signed with a key made for this stack run, valid one hour.</li>
 *   <li>The gateway accepts that token in {@code Authorization} on the jobs routes, as the Cognito authorizer accepts
 *       a user pool's ID token, and puts its claims in {@code requestContext.authorizer.claims}.</li>
 * </ul>
 * Nothing is stored on disk; a new stack run signs everyone out.
 */
public final class LocalSignIn {

    /** The page's app client id locally (Cognito's is generated). */
    public static final String CLIENT_ID = "photoreel-local-web";
    static final String PATH = "/_local";
    static final String SESSION_COOKIE = "photoreel_local_session";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private record PendingCode(String redirectUri, String challenge, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final byte[] signingKey = new byte[32];
    private final String signInKey;
    private final Clock clock;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private volatile URI origin;

    LocalSignIn(Clock clock) {
        this.clock = clock;
        random.nextBytes(signingKey);
        this.signInKey = randomText();
    }

    void origin(URI origin) {
        this.origin = origin;
    }

    /** The issuer, and the base the page sends people to ({@code signInDomain}): {@code http://127.0.0.1:<port>/_local}. */
    public String domain() {
        return origin + PATH;
    }

    /** The link that signs a browser in (print it only to the person who started the stack). */
    public URI signInLink() {
        return URI.create(domain() + "/sign-in?key=" + signInKey);
    }

    /** {@code /sign-in?key=}: a new session for a browser that has the key; else empty. */
    Optional<String> startSession(String key) {
        if (key == null || !MessageDigest.isEqual(signInKey.getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        String session = randomText();
        sessions.put(session, clock.instant().plus(Duration.ofHours(12)));
        return Optional.of(session);
    }

    boolean hasSession(String session) {
        Instant expires = session == null ? null : sessions.get(session);
        return expires != null && expires.isAfter(clock.instant());
    }

    void endSession(String session) {
        if (session != null) {
            sessions.remove(session);
        }
    }

    /** {@code /oauth2/authorize}: checks the request as Cognito does; a code, or the reason it is refused. */
    String authorize(Map<String, String> query) {
        require("response_type", query, "code");
        require("client_id", query, CLIENT_ID);
        require("code_challenge_method", query, "S256");
        String redirect = query.get("redirect_uri");
        if (redirect == null || !redirect.startsWith(origin + "/")) {
            throw new IllegalArgumentException("redirect_uri must be a page of " + origin + " (got " + redirect + ")");
        }
        String challenge = query.get("code_challenge");
        if (challenge == null || challenge.length() < 43) {
            throw new IllegalArgumentException("code_challenge is missing or too short (PKCE, S256)");
        }
        String code = randomText();
        codes.put(code, new PendingCode(redirect, challenge, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** {@code /oauth2/token}: the code (once), checked against its redirect URI and the PKCE verifier, for an ID token. */
    ObjectNode token(Map<String, String> form) {
        require("grant_type", form, "authorization_code");
        require("client_id", form, CLIENT_ID);
        PendingCode pending = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (pending == null || pending.expires().isBefore(clock.instant())) {
            throw new IllegalArgumentException("invalid_grant: the code is unknown, used or expired");
        }
        if (!pending.redirectUri().equals(form.get("redirect_uri"))) {
            throw new IllegalArgumentException("invalid_grant: redirect_uri differs from the authorize request's");
        }
        String verifier = Optional.ofNullable(form.get("code_verifier")).orElse("");
        if (!B64.encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII))).equals(pending.challenge())) {
            throw new IllegalArgumentException("invalid_grant: code_verifier does not match the code_challenge");
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id_token", issueToken());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        return answer;
    }

    /** The claims of a token this stack issued and that has not expired, as the Cognito authorizer checks an ID token. */
    public Optional<JsonNode> verify(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : authorization.strip();
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            byte[] expected = hmac((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            boolean valid = "HS256".equals(header.path("alg").asText())
                    && domain().equals(claims.path("iss").asText())
                    && CLIENT_ID.equals(claims.path("aud").asText())
                    && "id".equals(claims.path("token_use").asText())
                    && claims.path("exp").asLong() > clock.instant().getEpochSecond();
            return valid ? Optional.of(claims) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** A token for tests and programs that stand in for a signed-in person (the same as the page gets). */
    public String issueToken() {
        Instant now = clock.instant();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", domain());
        claims.put("aud", CLIENT_ID);
        claims.put("sub", "local-user");
        claims.put("email", "you@localhost");
        claims.put("cognito:username", "local-user");
        claims.put("token_use", "id");
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        return sign(claims);
    }

    private String sign(ObjectNode claims) {
        String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        String payload = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + B64.encodeToString(hmac((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] hmac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static void require(String name, Map<String, String> values, String expected) {
        if (!expected.equals(values.get(name))) {
            throw new IllegalArgumentException(name + " must be " + expected + " (got " + values.get(name) + ")");
        }
    }
}
