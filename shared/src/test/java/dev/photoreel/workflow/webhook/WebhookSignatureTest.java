package dev.photoreel.workflow.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "test-secret-0123456789";
    private static final String BODY = "{\"jobId\":\"j1\",\"status\":\"COMPLETED\",\"eventId\":\"j1:COMPLETED\"}";

    /**
     * Computed independently, the way the README tells receivers to check a signature:
     * {@code printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac test-secret-0123456789 -hex}.
     */
    @Test
    void sign_matchesTheOpensslVector() {
        assertEquals("v1=1d9abd92e24637abf4cc29dd990706655c686975e34e7a6f16d300a6dbbc7168",
                WebhookSignature.sign(SECRET, 1_700_000_000L, BODY));
    }

    @Test
    void verify_acceptsTheSignature_andRefusesAnotherTimestampBodyOrSecret() {
        String header = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);
        assertTrue(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, header));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_001L, BODY, header));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY.replace("j1", "j2"), header));
        assertFalse(WebhookSignature.verify("other", 1_700_000_000L, BODY, header));
        assertFalse(WebhookSignature.verify(SECRET, 1_700_000_000L, BODY, null));
    }
}
