package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventSourceMappingTest {

    @Test
    void awsEncodedKey_whenMotoEncodedTheSlashes_keepsSlashesAndFormEncodesTheRest() {
        assertEquals("uploads/my+trip/%C3%A4+1%2B2.jpg", EventSourceMapping.awsEncodedKey("uploads%2Fmy+trip%2F%C3%A4+1%2B2.jpg"));
    }

    @Test
    void awsEncodedKey_whenAlreadyInAwsForm_leavesItUnchanged() {
        assertEquals("uploads/a+b/c.png", EventSourceMapping.awsEncodedKey("uploads/a+b/c.png"));
    }
}
