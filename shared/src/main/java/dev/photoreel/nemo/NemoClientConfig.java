package dev.photoreel.nemo;

import dev.photoreel.config.ConfigurationException;
import dev.photoreel.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the NemoVideo client reaches the vendor. Read once, through {@link Environment} (the process environment, or a
 * map in tests and local tools). Every variable but {@code NEMO_CLIENT_ID} is required, without a default here:
 * template.yaml's Globals state them; a missing or invalid one is a {@link ConfigurationException} naming it.
 *
 * @param baseUrl        {@code NEMO_API_BASE} (the template parameter {@code NemoApiBase})
 * @param clientId       {@code NEMO_CLIENT_ID}: our stable {@code X-Client-Id} (a UUID, at most 64
 *                       characters); optional: only minting a token needs it (null when unset)
 * @param skillSource    {@code NEMO_SKILL_SOURCE}
 * @param skillVersion   {@code NEMO_SKILL_VERSION}
 * @param skillPlatform  {@code NEMO_SKILL_PLATFORM}
 * @param connectTimeout {@code NEMO_CONNECT_TIMEOUT_SECONDS}
 * @param requestTimeout {@code NEMO_REQUEST_TIMEOUT_SECONDS}: each ordinary call
 * @param uploadTimeout  {@code NEMO_UPLOAD_TIMEOUT_SECONDS}: each upload call
 * @param maxFileBytes   {@code MAX_FILE_BYTES}: files above it are refused before upload
 */
public record NemoClientConfig(URI baseUrl, String clientId, String skillSource, String skillVersion,
                               String skillPlatform, Duration connectTimeout, Duration requestTimeout,
                               Duration uploadTimeout, long maxFileBytes) {

    public static final String API_BASE = "NEMO_API_BASE";
    public static final String CLIENT_ID = "NEMO_CLIENT_ID";
    /** The variables this configuration requires (all in template.yaml's Globals). */
    public static final List<String> REQUIRED = List.of(API_BASE, "NEMO_SKILL_SOURCE", "NEMO_SKILL_VERSION", "NEMO_SKILL_PLATFORM",
            "NEMO_CONNECT_TIMEOUT_SECONDS", "NEMO_REQUEST_TIMEOUT_SECONDS", "NEMO_UPLOAD_TIMEOUT_SECONDS", "MAX_FILE_BYTES");
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
            throw ConfigurationException.invalid("MAX_FILE_BYTES", "is " + maxFileBytes + ", not a positive number of bytes");
        }
        if (clientId != null && (clientId.isBlank() || clientId.length() > MAX_CLIENT_ID_LENGTH)) {
            throw ConfigurationException.invalid(CLIENT_ID, "is " + clientId.length() + " characters long, not a stable id (a UUID) of 1 to "
                    + MAX_CLIENT_ID_LENGTH + " characters");
        }
        // Paths are appended to the base: keep it without a trailing slash.
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            baseUrl = URI.create(base.replaceAll("/+$", ""));
        }
    }

    /** The configuration from the process environment. */
    public static NemoClientConfig fromEnvironment() {
        return from(Environment.system());
    }

    /** The configuration from variables named as in the environment (for tests and the local tools). */
    public static NemoClientConfig fromMap(Map<String, String> variables) {
        return from(new Environment(variables));
    }

    public static NemoClientConfig from(Environment env) {
        return new NemoClientConfig(
                env.requiredHttpUrl(API_BASE),
                env.optional(CLIENT_ID).orElse(null),
                env.required("NEMO_SKILL_SOURCE"),
                env.required("NEMO_SKILL_VERSION"),
                env.required("NEMO_SKILL_PLATFORM"),
                env.requiredSeconds("NEMO_CONNECT_TIMEOUT_SECONDS", 1),
                env.requiredSeconds("NEMO_REQUEST_TIMEOUT_SECONDS", 1),
                env.requiredSeconds("NEMO_UPLOAD_TIMEOUT_SECONDS", 1),
                env.requiredLong("MAX_FILE_BYTES", 1, Long.MAX_VALUE));
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

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw ConfigurationException.invalid(name, "is blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw ConfigurationException.invalid(name, "is " + value + ", not a positive duration");
        }
    }
}
