package dev.photoreel.nemo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void redact_removesTokensInEveryForm() {
        assertEquals("bad <redacted> here", Redaction.redact("bad nmv_usr_abc123 here"));
        assertEquals("header <redacted> sent", Redaction.redact("header Bearer eyJhbGciOi.x-y sent"));
        assertEquals("{\"token\":\"<redacted>\"}", Redaction.redact("{\"token\":\"abcdefghijklmnopqrstuvwxyz\"}"));
        assertEquals("secret <redacted>!", Redaction.redact("secret s3cr3t-value!", "s3cr3t-value"));
    }

    @Test
    void redact_keepsOrdinaryText() {
        assertEquals("Invalid token: expired", Redaction.redact("Invalid token: expired"));
        assertEquals("Session not found: 123", Redaction.redact("Session not found: 123"));
    }

    @Test
    void parseRetryAfter_readsSecondsAndDates() {
        assertEquals(Duration.ofSeconds(30), VendorErrors.parseRetryAfter("30"));
        assertEquals(Duration.ZERO, VendorErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(null, VendorErrors.parseRetryAfter("soon"));
        assertEquals(null, VendorErrors.parseRetryAfter(null));
    }
}
