package dev.photoreel.local.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private record Part(String name, String filename, String contentType, byte[] body) {
    }

    private static List<Part> read(InputStream in, String boundary) throws IOException {
        List<Part> parts = new ArrayList<>();
        ByteArrayOutputStream[] current = {null};
        String[][] meta = {null};
        MultipartReader.read(in, boundary, new MultipartReader.PartHandler() {
            @Override
            public OutputStream begin(String name, String filename, String contentType) {
                current[0] = new ByteArrayOutputStream();
                meta[0] = new String[] {name, filename, contentType};
                return current[0];
            }

            @Override
            public void end() {
                parts.add(new Part(meta[0][0], meta[0][1], meta[0][2], current[0].toByteArray()));
            }
        });
        return parts;
    }

    /** Hands out one byte per read, so every boundary straddles reads. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(1, len));
            }
        };
    }

    @Test
    void read_splitsPartsExactly_evenWhenDataLooksLikeABoundaryAndArrivesByteByByte() throws IOException {
        byte[] tricky = "line\r\n--bou\r\n--boundar\r\n-- and \r\n\r\nend".getBytes(StandardCharsets.ISO_8859_1);
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("preamble to ignore\r\n--boundary\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a b.jpg\"\r\n"
                .getBytes(StandardCharsets.UTF_8));
        body.write("Content-Type: image/jpeg\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        body.write(tricky);
        body.write("\r\n--boundary\r\nContent-Disposition: form-data; name=\"files\"; filename*=UTF-8''caf%C3%A9.png\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        body.write(binary);
        body.write("\r\n--boundary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--boundary--\r\n"
                .getBytes(StandardCharsets.UTF_8));

        List<Part> parts = read(trickle(body.toByteArray()), "boundary");
        assertEquals(3, parts.size());
        assertEquals("files", parts.get(0).name());
        assertEquals("a b.jpg", parts.get(0).filename());
        assertEquals("image/jpeg", parts.get(0).contentType());
        assertArrayEquals(tricky, parts.get(0).body());
        assertEquals("café.png", parts.get(1).filename());
        assertArrayEquals(binary, parts.get(1).body());
        assertEquals("note", parts.get(2).name());
        assertNull(parts.get(2).filename());
        assertEquals("hello", new String(parts.get(2).body(), StandardCharsets.UTF_8));
    }

    @Test
    void read_withoutTheClosingBoundary_fails() {
        byte[] body = "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x\"\r\n\r\nunfinished"
                .getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> read(new ByteArrayInputStream(body), "b"));
    }

    @Test
    void boundaryOf_readsQuotedAndPlainBoundaries() {
        assertEquals("abc", MultipartReader.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b\"; charset=utf-8"));
        assertNull(MultipartReader.boundaryOf("application/json"));
        assertNull(MultipartReader.boundaryOf(null));
    }
}
