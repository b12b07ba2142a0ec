package dev.photoreel.workflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {

    private static final byte[] SECRET = "a secret of the test".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> KEY = Map.of("pk", "JOB#api-1", "createdAt", "2026-12-02T04:00:00Z", "listKey", "JOB");

    @Test
    void decode_whatEncodeGave_returnsTheKey() {
        assertEquals(KEY, Cursor.decode(Cursor.encode(KEY, "CREATED", SECRET), "CREATED", SECRET));
    }

    @Test
    void decode_anyChangedCharacter_isRefused_includingOnlyTheUnusedBitsOfTheLastOne() {
        String cursor = Cursor.encode(KEY, "CREATED", SECRET);
        char last = cursor.charAt(cursor.length() - 1);
        // the last of 43 base64 characters carries 4 bits; flipping its lowest bit changes no decoded byte
        char sameBytes = (char) (last ^ 1);
        String[] changed = {cursor.substring(0, cursor.length() - 1) + sameBytes, "x" + cursor.substring(1),
                cursor.substring(0, cursor.length() - 2), cursor + "A", "not-a-cursor"};

        for (String tampered : changed) {
            assertThrows(ApiProblem.class, () -> Cursor.decode(tampered, "CREATED", SECRET), tampered);
        }
        assertThrows(ApiProblem.class, () -> Cursor.decode(cursor, "RUNNING", SECRET), "another filter");
    }
}
