package dev.photoreel.local.stack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an AWS Signature Version 4 as API Gateway does for IAM auth: rebuilds the canonical request (method,
 * canonical URI, canonical query, the signed headers, the payload hash), the string to sign for the credential
 * scope, the HMAC-SHA256 key chain from the secret key, and compares signatures in constant time. The request must
 * be signed for service {@code execute-api} with the stack's local credentials, within 15 minutes of now.
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The principal a valid signature proves. */
    record Principal(String accessKey, String userArn) {
    }

    private final String accessKey;
    private final String secretKey;
    private final String region;

    SigV4Verifier(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /**
     * The principal, or the reason the request is refused. {@code headers} are keyed by lower-case name;
     * {@code rawPath} and {@code rawQuery} as sent (percent-encoded).
     */
    Result verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body, Instant now) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            return Result.refused("Missing Authentication Token: sign the request with SigV4 (service execute-api)");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            return Result.refused("Authorization is not " + ALGORITHM);
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : authorization.substring(ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            return Result.refused("Authorization lacks Credential, SignedHeaders or Signature");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return Result.refused("malformed credential scope " + credential);
        }
        if (!accessKey.equals(scope[0])) {
            return Result.refused("The security token included in the request is invalid: unknown access key " + scope[0]);
        }
        if (!region.equals(scope[2]) || !"execute-api".equals(scope[3])) {
            return Result.refused("Credential should be scoped to a valid region and service execute-api, not " + scope[2] + "/" + scope[3]);
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            return Result.refused("X-Amz-Date is missing");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            return Result.refused("X-Amz-Date is not yyyyMMddTHHmmssZ");
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0 || !amzDate.startsWith(scope[1])) {
            return Result.refused("Signature expired or not yet valid: X-Amz-Date " + amzDate + " is more than 15 min from now");
        }
        List<String> signed = List.of(signedHeaders.split(";"));
        if (!signed.contains("host")) {
            return Result.refused("the host header must be signed");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signed) {
            List<String> values = headers.get(name);
            if (values == null) {
                return Result.refused("signed header " + name + " is not in the request");
            }
            canonicalHeaders.append(name).append(':')
                    .append(values.stream().map(v -> v.trim().replaceAll("\\s+", " ")).collect(Collectors.joining(","))).append('\n');
        }
        String bodyHash = hex(sha256(body));
        String claimedHash = first(headers, "x-amz-content-sha256");
        if (claimedHash != null && !claimedHash.equals("UNSIGNED-PAYLOAD") && !claimedHash.equals(bodyHash)) {
            return Result.refused("X-Amz-Content-Sha256 does not match the body");
        }
        String payloadHash = claimedHash != null ? claimedHash : bodyHash;
        String stringScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        byte[] key = signingKey(scope[1], scope[2], scope[3]);
        for (String canonicalUri : canonicalUris(rawPath)) {
            String canonicalRequest = method + "\n" + canonicalUri + "\n" + canonicalQuery(rawQuery) + "\n" + canonicalHeaders + "\n"
                    + signedHeaders + "\n" + payloadHash;
            String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + stringScope + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = hmac(key, stringToSign);
            if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.length() % 2 == 0 && signature.matches("[0-9a-f]*") ? signature : ""))) {
                return new Result(Optional.of(new Principal(scope[0], "arn:aws:iam::" + SamTemplate.ACCOUNT_ID + ":user/local")), null);
            }
        }
        return Result.refused("The request signature we calculated does not match the signature you provided."
                + " Check your AWS Secret Access Key and signing method.");
    }

    record Result(Optional<Principal> principal, String refusal) {
        static Result refused(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    /** SigV4 for services other than S3 encodes each path segment twice; some clients encode once: accept either. */
    private static Set<String> canonicalUris(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        List<String> once = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            once.add(encode(decoded));
            twice.add(encode(encode(decoded)));
        }
        Set<String> uris = new LinkedHashSet<>();
        uris.add(String.join("/", once));
        uris.add(String.join("/", twice));
        uris.add(path);
        return uris;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX upper case. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private byte[] signingKey(String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
