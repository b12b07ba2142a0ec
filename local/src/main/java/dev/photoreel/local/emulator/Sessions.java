package dev.photoreel.local.emulator;

import com.sun.net.httpserver.HttpExchange;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editing sessions by id, and the two checks every endpoint makes: who the bearer token names, and
 * whether the session it names exists and is that user's (code 1002 or HTTP 404, by the session error style).
 */
final class Sessions {

    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final Accounts accounts;
    private final EmulatorFaults faults;
    private final Map<String, Session> sessions = new HashMap<>();
    private final AtomicInteger sessionsDropped = new AtomicInteger();

    Sessions(Accounts accounts, EmulatorFaults faults) {
        this.accounts = accounts;
        this.faults = faults;
    }

    void add(Session session) {
        synchronized (sessions) {
            sessions.put(session.sessionId, session);
        }
    }

    /** The session, whoever owns it; null when it is unknown. */
    Session find(String sessionId) {
        synchronized (sessions) {
            return sessions.get(sessionId);
        }
    }

    int count() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    /** Sessions forgotten by the "dropSessionsAfterInstruction" fault since start. */
    int dropped() {
        return sessionsDropped.get();
    }

    /** The fault "dropSessionsAfterInstruction": the vendor loses the session (calls naming it get 1002). */
    void forget(String sessionId) {
        synchronized (sessions) {
            sessions.remove(sessionId);
        }
        sessionsDropped.incrementAndGet();
        LOG.info("session dropped (fault). sessionId={}", sessionId);
    }

    /** The user of the request's bearer token; {@link ApiError} (1001, or the auth error style) otherwise. */
    Accounts.User authenticate(HttpExchange ex) {
        return accounts.authenticate(ex.getRequestHeaders().getFirst("Authorization"), faults.authErrorStyle());
    }

    /** The session, when it exists and is the user's; {@link ApiError} 1002 (or HTTP 404, by the style) otherwise. */
    Session session(String sessionId, Accounts.User user) {
        Session s;
        synchronized (sessions) {
            s = sessions.get(sessionId);
        }
        if (s == null || !s.userId.equals(user.userId)) {
            if (faults.sessionErrorStyle() == SessionErrorStyle.HTTP_404) {
                throw ApiError.detail(404, "Session not found: " + sessionId);
            }
            throw ApiError.code(1002, "Session not found: " + sessionId + "; create a new session");
        }
        return s;
    }
}
