package dev.photoreel.nemo;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the NemoVideo client reaches the vendor. Read once, from the environment (or a map in tests);
 * a missing or invalid variable fails fast with its name.
 *
 * @param baseUrl        {@code NEMO_API_BASE}, default {@value #DEFAULT_BASE_URL}
 * @param clientId       {@code NEMO_CLIENT_ID}: our stable {@code X-Client-Id} (a UUID, at most 64
 *                       characters); null when not configured (only minting a token needs it)
 * @param skillSource    {@code NEMO_SKILL_SOURCE}, default {@value #DEFAULT_SKILL_SOURCE}
 * @param skillVersion   {@code NEMO_SKILL_VERSION}, default the project version
 * @param skillPlatform  {@code NEMO_SKILL_PLATFORM}, default {@value #DEFAULT_SKILL_PLATFORM}
 * @param connectTimeout {@code NEMO_CONNECT_TIMEOUT_SECONDS}, default 10 s
 * @param requestTimeout {@code NEMO_REQUEST_TIMEOUT_SECONDS}, default 30 s: each ordinary call
 * @param uploadTimeout  {@code NEMO_UPLOAD_TIMEOUT_SECONDS}, default 300 s: each upload call
 * @param maxFileBytes   {@code MAX_FILE_BYTES}, default 200 MB: files above it are refused before upload
 */
public record NemoClientConfig(URI baseUrl, String clientId, String skillSource, String skillVersion,
                               String skillPlatform, Duration connectTimeout, Duration requestTimeout,
                               Duration uploadTimeout, long maxFileBytes) {

    public static final String DEFAULT_BASE_URL = "https://mega-api-prod.nemovideo.ai";
    public static final String DEFAULT_SKILL_SOURCE = "photoreel";
    public static final String PROJECT_VERSION = "0.1.0";
    public static final String DEFAULT_SKILL_PLATFORM = "aws-lambda";
    public static final long DEFAULT_MAX_FILE_BYTES = 200L * 1024 * 1024;
    public static final int MAX_CLIENT_ID_LENGTH = 64;

    public NemoClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requireText(skillSource, "NEMO_SKILL_SOURCE");
        requireText(skillVersion, "NEMO_SKILL_VERSION");
        requireText(skillPlatform, "NEMO_SKILL_PLATFORM");
        requirePositive(connectTimeout, "NEMO_CONNECT_TIMEOUT_SECONDS");
        requirePositive(requestTimeout, "NEMO_REQUEST_TIMEOUT_SECONDS");
        requirePositive(uploadTimeout, "NEMO_UPLOAD_TIMEOUT_SECONDS");
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("MAX_FILE_BYTES must be a positive number of bytes, got " + maxFileBytes);
        }
        if (clientId != null && (clientId.isBlank() || clientId.length() > MAX_CLIENT_ID_LENGTH)) {
            throw new IllegalArgumentException("NEMO_CLIENT_ID must be a stable id (a UUID) of 1 to "
                    + MAX_CLIENT_ID_LENGTH + " characters, got " + clientId.length() + " characters");
        }
        // Paths are appended to the base: keep it without a trailing slash.
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            baseUrl = URI.create(base.replaceAll("/+$", ""));
        }
    }

    /** The configuration from the process environment. */
    public static NemoClientConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** The configuration from variables named as in the environment (for tests and the local stack). */
    public static NemoClientConfig fromMap(Map<String, String> variables) {
        return new NemoClientConfig(
                baseUrl(variables.get("NEMO_API_BASE")),
                blankToNull(variables.get("NEMO_CLIENT_ID")),
                orDefault(variables.get("NEMO_SKILL_SOURCE"), DEFAULT_SKILL_SOURCE),
                orDefault(variables.get("NEMO_SKILL_VERSION"), PROJECT_VERSION),
                orDefault(variables.get("NEMO_SKILL_PLATFORM"), DEFAULT_SKILL_PLATFORM),
                seconds(variables, "NEMO_CONNECT_TIMEOUT_SECONDS", 10),
                seconds(variables, "NEMO_REQUEST_TIMEOUT_SECONDS", 30),
                seconds(variables, "NEMO_UPLOAD_TIMEOUT_SECONDS", 300),
                positiveLong(variables, "MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES));
    }

    /** Defaults everywhere but the base URL and client id: handy for tests against a local server. */
    public static NemoClientConfig forBaseUrl(URI baseUrl, String clientId) {
        return fromMap(Map.of("NEMO_API_BASE", baseUrl.toString(), "NEMO_CLIENT_ID", clientId));
    }

    public NemoClientConfig withTimeouts(Duration connect, Duration request, Duration upload) {
        return new NemoClientConfig(baseUrl, clientId, skillSource, skillVersion, skillPlatform, connect, request,
                upload, maxFileBytes);
    }

    public NemoClientConfig withMaxFileBytes(long bytes) {
        return new NemoClientConfig(baseUrl, clientId, skillSource, skillVersion, skillPlatform, connectTimeout,
                requestTimeout, uploadTimeout, bytes);
    }

    public NemoClientConfig withSkillPlatform(String platform) {
        return new NemoClientConfig(baseUrl, clientId, skillSource, skillVersion, platform, connectTimeout,
                requestTimeout, uploadTimeout, maxFileBytes);
    }

    private static URI baseUrl(String value) {
        String text = orDefault(value, DEFAULT_BASE_URL).trim();
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("NEMO_API_BASE is not a valid URL: '" + text
                    + "'. Set it to the vendor's base URL, e.g. " + DEFAULT_BASE_URL, e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("NEMO_API_BASE must be an absolute http(s) URL, got '" + text
                    + "'. Set it to the vendor's base URL, e.g. " + DEFAULT_BASE_URL);
        }
        return uri;
    }

    private static Duration seconds(Map<String, String> variables, String name, long defaultSeconds) {
        return Duration.ofSeconds(positiveLong(variables, name, defaultSeconds));
    }

    private static long positiveLong(Map<String, String> variables, String name, long defaultValue) {
        String value = blankToNull(variables.get(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got '" + value + "'");
    }

    private static String orDefault(String value, String defaultValue) {
        String text = blankToNull(value);
        return text == null ? defaultValue : text.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
