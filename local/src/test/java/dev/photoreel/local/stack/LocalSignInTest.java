package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local stand-in for the page's Cognito sign-in: the printed link, PKCE, one-use codes, tokens only this stack accepts. */
class LocalSignInTest {

    private static final String VERIFIER = "a-verifier-of-forty-three-characters-or-more-0123456789";
    private static final String REDIRECT = "http://127.0.0.1:4000/";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final LocalSignIn signIn = new LocalSignIn(clock);

    LocalSignInTest() {
        signIn.origin(URI.create("http://127.0.0.1:4000"));
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Map<String, String> authorizeRequest() throws Exception {
        return new HashMap<>(Map.of("response_type", "code", "client_id", LocalSignIn.CLIENT_ID, "redirect_uri", REDIRECT,
                "code_challenge", challenge(VERIFIER), "code_challenge_method", "S256", "state", "s1"));
    }

    private Map<String, String> tokenRequest(String code, String verifier) {
        return new HashMap<>(Map.of("grant_type", "authorization_code", "client_id", LocalSignIn.CLIENT_ID, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier));
    }

    @Test
    void theSignInLink_startsASession_onlyWithThisStacksKey() {
        String link = signIn.signInLink().toString();
        assertTrue(link.startsWith("http://127.0.0.1:4000/_local/sign-in?key="), link);
        String key = link.substring(link.indexOf("key=") + 4);
        Optional<String> session = signIn.startSession(key);
        assertTrue(session.isPresent());
        assertTrue(signIn.hasSession(session.get()));
        assertFalse(signIn.startSession(key + "x").isPresent());
        assertFalse(signIn.startSession(null).isPresent());
        assertFalse(new LocalSignIn(clock).startSession(key).isPresent(), "another stack run has another key");
    }

    @Test
    void pkce_codeForToken_once_andTheGatewayAcceptsTheToken() throws Exception {
        String code = signIn.authorize(authorizeRequest());
        JsonNode tokens = signIn.token(tokenRequest(code, VERIFIER));
        assertEquals("Bearer", tokens.path("token_type").asText());
        assertEquals(3600, tokens.path("expires_in").asInt());
        JsonNode claims = signIn.verify(tokens.path("id_token").asText()).orElseThrow();
        assertEquals("local-user", claims.path("sub").asText());
        assertEquals("id", claims.path("token_use").asText());
        assertTrue(signIn.verify("Bearer " + tokens.path("id_token").asText()).isPresent(), "with or without the Bearer prefix");
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> signIn.token(tokenRequest(code, VERIFIER)));
        assertTrue(again.getMessage().startsWith("invalid_grant"), again.getMessage());
    }

    @Test
    void aWrongVerifier_aForeignRedirect_orAPlainChallenge_areRefused() throws Exception {
        String code = signIn.authorize(authorizeRequest());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> signIn.token(tokenRequest(code, VERIFIER + "x")))
                .getMessage().contains("code_verifier"));
        Map<String, String> foreign = authorizeRequest();
        foreign.put("redirect_uri", "https://evil.example/");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> signIn.authorize(foreign)).getMessage().contains("redirect_uri"));
        Map<String, String> plain = authorizeRequest();
        plain.put("code_challenge_method", "plain");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> signIn.authorize(plain)).getMessage().contains("S256"));
    }

    @Test
    void tokens_expireAfterAnHour_andAnotherStacksOrATamperedTokenIsRefused() {
        String token = signIn.issueToken();
        assertTrue(signIn.verify(token).isPresent());
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertFalse(signIn.verify(tampered).isPresent());
        LocalSignIn other = new LocalSignIn(clock);
        other.origin(URI.create("http://127.0.0.1:4000"));
        assertFalse(other.verify(token).isPresent(), "a token signed with another stack run's key");
        assertFalse(signIn.verify("AWS4-HMAC-SHA256 Credential=local/…").isPresent());
        clock.advance(LocalSignIn.TOKEN_LIFETIME.plusSeconds(1));
        assertFalse(signIn.verify(token).isPresent(), "expired");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
