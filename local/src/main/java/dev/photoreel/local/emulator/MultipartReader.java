package dev.photoreel.local.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a {@code multipart/form-data} body part by part without holding it in memory: each part's
 * bytes go to the stream its handler opens.
 */
final class MultipartReader {

    /** Receives the parts. */
    interface PartHandler {
        /** Where the part's bytes go; {@code filename} is null for plain fields. */
        OutputStream begin(String name, String filename, String contentType) throws IOException;

        /** The part ended; the stream from {@link #begin} is no longer written. */
        void end() throws IOException;
    }

    private static final Pattern PARAM = Pattern.compile(
            "(?i)(name|filename\\*?)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))");
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final int[] border;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;

    private MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.border = borders(delimiter);
    }

    /** The boundary of a {@code multipart/form-data} content type, or null when it is not one. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return null;
        }
        Matcher m = Pattern.compile("(?i)boundary=(?:\"([^\"]+)\"|([^;\\s]+))").matcher(contentType);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    static void read(InputStream in, String boundary, PartHandler handler) throws IOException {
        new MultipartReader(in, boundary).readAll(handler);
    }

    private void readAll(PartHandler handler) throws IOException {
        copyUntilDelimiter(OutputStream.nullOutputStream(), 2); // the preamble; the first delimiter has no CRLF before it
        while (true) {
            int a = next();
            int b = next();
            if (a == '-' && b == '-') {
                return;
            }
            while (a != '\r' || b != '\n') { // transport padding after the boundary
                if (b < 0) {
                    throw new IOException("multipart body ended inside a boundary line");
                }
                a = b;
                b = next();
            }
            String name = null;
            String filename = null;
            String contentType = null;
            for (String line = headerLine(); !line.isEmpty(); line = headerLine()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (header.equals("content-disposition")) {
                    Matcher m = PARAM.matcher(value);
                    while (m.find()) {
                        String key = m.group(1).toLowerCase(Locale.ROOT);
                        String v = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
                        switch (key) {
                            case "name" -> name = v;
                            case "filename" -> filename = filename == null ? v : filename;
                            case "filename*" -> filename = extendedValue(v);
                            default -> { }
                        }
                    }
                } else if (header.equals("content-type")) {
                    contentType = value;
                }
            }
            OutputStream sink = handler.begin(name, filename, contentType);
            OutputStream buffered = new java.io.BufferedOutputStream(sink, 64 * 1024);
            copyUntilDelimiter(buffered, 0);
            buffered.flush();
            handler.end();
        }
    }

    private static String extendedValue(String v) {
        int quote = v.indexOf("''");
        String encoded = quote >= 0 ? v.substring(quote + 2) : v;
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private String headerLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = next();
            if (c < 0) {
                throw new IOException("multipart body ended inside part headers");
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            line.write(c);
            if (line.size() > MAX_HEADER_LINE) {
                throw new IOException("multipart part header longer than " + MAX_HEADER_LINE + " bytes");
            }
        }
    }

    /** Copies bytes to {@code out} until the delimiter (KMP matching), consuming the delimiter. */
    private void copyUntilDelimiter(OutputStream out, int alreadyMatched) throws IOException {
        int j = alreadyMatched;
        while (true) {
            int b = next();
            if (b < 0) {
                throw new IOException("multipart body ended before its closing boundary");
            }
            while (j > 0 && b != (delimiter[j] & 0xFF)) {
                int k = border[j - 1];
                out.write(delimiter, 0, j - k);
                j = k;
            }
            if (b == (delimiter[j] & 0xFF)) {
                j++;
                if (j == delimiter.length) {
                    return;
                }
            } else {
                out.write(b);
            }
        }
    }

    private int next() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer, 0, buffer.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[pos++] & 0xFF;
    }

    private static int[] borders(byte[] pattern) {
        int[] f = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = f[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            f[i] = k;
        }
        return f;
    }
}
