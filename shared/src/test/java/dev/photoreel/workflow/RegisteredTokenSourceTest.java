package dev.photoreel.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.photoreel.nemo.exceptions.InvalidTokenException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RegisteredTokenSourceTest {

    @Test
    void currentToken_readsPlainOrJsonSecretOnce() {
        AtomicReference<String> secret = new AtomicReference<>("{\"token\": \"nmv_usr_reg\"}");
        int[] reads = {0};
        RegisteredTokenSource source = new RegisteredTokenSource(id -> {
            reads[0]++;
            return secret.get();
        }, "arn:secret");
        assertEquals("nmv_usr_reg", source.currentToken());
        assertEquals("nmv_usr_reg", source.currentToken());
        assertEquals(1, reads[0]);
        assertEquals("plain", new RegisteredTokenSource(id -> " plain\n", "arn").currentToken());
    }

    @Test
    void renewAfterRejection_rereadsTheSecretAndNeverMints() {
        AtomicReference<String> secret = new AtomicReference<>("old");
        RegisteredTokenSource source = new RegisteredTokenSource(id -> secret.get(), "arn:secret");
        source.currentToken();
        secret.set("rotated");
        assertEquals("rotated", source.renewAfterRejection("old"));
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> source.renewAfterRejection("rotated"));
        assertFalse(e.getMessage().contains("rotated"), "the token never appears in an exception");
    }

    @Test
    void currentToken_jsonWithoutToken_failsWithoutEchoingTheSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new RegisteredTokenSource(id -> "{\"tok\": \"nmv_usr_x\"}", "arn").currentToken());
        assertFalse(e.getMessage().contains("nmv_usr_x"));
    }
}
