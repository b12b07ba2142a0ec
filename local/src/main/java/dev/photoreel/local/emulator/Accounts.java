package dev.photoreel.local.emulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anonymous users, their tokens and credits. One anonymous user per client id; tokens are bound to
 * the client id they were minted for.
 */
final class Accounts {

    static final int MAX_CLIENT_ID_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A minted token; {@code expiresAt} moves earlier when a test expires it. */
    static final class Token {
        final String value;
        final String clientId;
        final String userId;
        final Instant issuedAt;
        Instant expiresAt;

        Token(String value, String clientId, String userId, Instant issuedAt, Instant expiresAt) {
            this.value = value;
            this.clientId = clientId;
            this.userId = userId;
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
        }
    }

    /** An anonymous user's credit balance. */
    static final class User {
        final String userId;
        final String clientId;
        long available;
        long frozen;
        long granted;
        long consumed;

        User(String userId, String clientId, long credits) {
            this.userId = userId;
            this.clientId = clientId;
            this.available = credits;
            this.granted = credits;
        }
    }

    record Minted(String token, String userId, Instant expiresAt, long credits) {
    }

    record Balance(long available, long frozen, long total, long granted, long consumed) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final Duration rateLimitWindow;
    private long startingCredits;
    private final Map<String, User> usersByClient = new HashMap<>();
    private final Map<String, User> usersById = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Token> latestByClient = new HashMap<>();
    private final Map<String, Integer> mintedByClient = new LinkedHashMap<>();

    Accounts(Clock clock, Duration lifetime, Duration rateLimitWindow, int startingCredits) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.rateLimitWindow = rateLimitWindow;
        this.startingCredits = startingCredits;
    }

    /**
     * Mints a token for {@code clientId}. HTTP 400 without a client id; 429 when the client's latest
     * token is still valid and was minted inside the rate-limit window.
     */
    synchronized Minted mint(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw ApiError.withCode(400, 400, "X-Client-Id header is required: send a stable client id (a UUID, at most "
                    + MAX_CLIENT_ID_LENGTH + " characters)");
        }
        if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            throw ApiError.withCode(400, 400, "X-Client-Id is longer than " + MAX_CLIENT_ID_LENGTH + " characters");
        }
        Instant now = clock.instant();
        Token latest = latestByClient.get(clientId);
        if (latest != null && now.isBefore(latest.issuedAt.plus(rateLimitWindow)) && now.isBefore(latest.expiresAt)) {
            long retryAfter = Duration.between(now, latest.issuedAt.plus(rateLimitWindow)).toSeconds();
            throw new RateLimited("Too many token requests: 1 token per client per " + describe(rateLimitWindow)
                    + "; reuse the token you have (retry after " + retryAfter + " s)", retryAfter);
        }
        User user = usersByClient.computeIfAbsent(clientId, c -> {
            User u = new User("anon_" + random(12), c, startingCredits);
            usersById.put(u.userId, u);
            return u;
        });
        Token token = new Token("nmv_usr_" + random(24), clientId, user.userId, now, now.plus(lifetime));
        tokens.put(token.value, token);
        latestByClient.put(clientId, token);
        mintedByClient.merge(clientId, 1, Integer::sum);
        return new Minted(token.value, user.userId, token.expiresAt, user.available);
    }

    /** The user a bearer token belongs to; an unknown or expired token gets the configured auth error. */
    synchronized User authenticate(String authorization, AuthErrorStyle style) {
        String value = authorization == null ? null
                : authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : null;
        Token token = value == null ? null : tokens.get(value);
        if (token == null) {
            throw authError(style, value == null ? "Missing bearer token: send Authorization: Bearer <token>"
                    : "Invalid token: it is unknown here; mint a new anonymous token");
        }
        if (!clock.instant().isBefore(token.expiresAt)) {
            throw authError(style, "Token expired at " + token.expiresAt + ": mint a new anonymous token");
        }
        return usersById.get(token.userId);
    }

    private static ApiError authError(AuthErrorStyle style, String message) {
        return switch (style) {
            case CODE_1001 -> ApiError.code(1001, message);
            case CODE_1010 -> ApiError.code(1010, message);
            case CODE_1011 -> ApiError.code(1011, message);
            case HTTP_401 -> ApiError.detail(401, message);
        };
    }

    /** Takes the instruction's cost from available into frozen; 2001 when the user cannot pay. */
    synchronized void freeze(User user, int cost) {
        if (user.available < cost || user.available <= 0) {
            throw ApiError.code(2001, "Insufficient credits: " + user.available + " available, an instruction costs "
                    + cost + "; register or top up your NemoVideo account");
        }
        user.available -= cost;
        user.frozen += cost;
    }

    /** The frozen cost is spent. */
    synchronized void consume(User user, int cost) {
        long spent = Math.min(cost, user.frozen);
        user.frozen -= spent;
        user.consumed += spent;
    }

    synchronized Balance balance(User user) {
        return new Balance(user.available, user.frozen, user.available + user.frozen, user.granted, user.consumed);
    }

    /** Expires every token now. Returns how many were valid. */
    synchronized int expireAll() {
        Instant now = clock.instant();
        int n = 0;
        for (Token t : tokens.values()) {
            if (now.isBefore(t.expiresAt)) {
                t.expiresAt = now;
                n++;
            }
        }
        return n;
    }

    /** Expires one token now; false when it is unknown. */
    synchronized boolean expire(String token) {
        Token t = tokens.get(token);
        if (t == null) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(t.expiresAt)) {
            t.expiresAt = now;
        }
        return true;
    }

    /** Sets the available credits of every user, existing and new (0 makes the next instruction fail with 2001). */
    synchronized void setAvailableCredits(long credits) {
        startingCredits = credits;
        for (User u : usersById.values()) {
            u.available = credits;
        }
    }

    synchronized int tokensMinted(String clientId) {
        return mintedByClient.getOrDefault(clientId, 0);
    }

    synchronized Map<String, Integer> tokensMintedByClient() {
        return new LinkedHashMap<>(mintedByClient);
    }

    synchronized int users() {
        return usersById.size();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String describe(Duration d) {
        if (d.toDays() > 0 && d.toHours() % 24 == 0) {
            return d.toDays() + " days";
        }
        return d.toSeconds() + " seconds";
    }

    /** HTTP 429 with a {@code Retry-After}. */
    static final class RateLimited extends RuntimeException {
        final long retryAfterSeconds;

        RateLimited(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }
}
