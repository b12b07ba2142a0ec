package dev.photoreel.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** The local API's routes come from the real template, and its SigV4 check agrees with the SDK's signer. */
class LocalApiGatewayTest {

    private static final Path TEMPLATE = StackOptions.findProjectRoot(Path.of("")).resolve("template.yaml");
    private final SigV4Verifier verifier = new SigV4Verifier("local", "local", "us-east-1");

    @Test
    void routes_areTheTemplatesDefinitionBody_withTheSecuritySchemeOfApiAuth() throws Exception {
        List<SamTemplate.ApiRoute> iam = SamTemplate.read(TEMPLATE, Map.of()).apiRoutes();
        assertEquals(8, iam.size());
        assertTrue(iam.contains(new SamTemplate.ApiRoute("POST", "/jobs/{id}/start", "LaunchJobFunction", "sigv4")), iam.toString());
        assertTrue(iam.contains(new SamTemplate.ApiRoute("POST", "/jobs/{id}/revisions", "CreateRevisionFunction", "sigv4")), iam.toString());
        assertTrue(iam.contains(new SamTemplate.ApiRoute("GET", "/", "ServePageFunction", "none")), "the page needs no auth: " + iam);
        assertTrue(iam.contains(new SamTemplate.ApiRoute("GET", "/assets/{file}", "ServePageFunction", "none")), iam.toString());
        for (Map.Entry<String, String> mode : Map.of("API_KEY", "api_key", "COGNITO", "cognito").entrySet()) {
            List<SamTemplate.ApiRoute> routes = SamTemplate.read(TEMPLATE, Map.of("ApiAuth", mode.getKey())).apiRoutes();
            assertTrue(routes.stream().filter(r -> !r.functionLogicalId().equals("ServePageFunction")).allMatch(r -> r.security().equals(mode.getValue())),
                    routes.toString());
        }
    }

    private record Signed(Map<String, List<String>> headers, String rawPath, String rawQuery) {
    }

    private static Signed sign(String method, String uri, byte[] body, String secret, String service) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri))
                .putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsBasicCredentials.create("local", secret)).request(request)
                .payload(ContentStreamProvider.fromByteArray(body)).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.putIfAbsent("host", List.of(signed.host() + (signed.port() == 80 ? "" : ":" + signed.port())));
        URI parsed = URI.create(uri);
        return new Signed(headers, parsed.getRawPath(), parsed.getRawQuery());
    }

    @Test
    void aSignatureOfTheSdksSigner_isAccepted_withPathAndQuery() {
        byte[] body = "{\"title\": \"t\"}".getBytes(StandardCharsets.UTF_8);
        Signed s = sign("POST", "http://127.0.0.1:4000/jobs/api-1/start?b=2&a=%2F+x", body, "local", "execute-api");
        SigV4Verifier.Result result = verifier.verify("POST", s.rawPath(), s.rawQuery(), s.headers(), body, Instant.now());
        assertTrue(result.principal().isPresent(), result.refusal());
    }

    @Test
    void aChangedBody_anotherSecret_anotherService_orAnOldDate_areRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Signed s = sign("POST", "http://127.0.0.1:4000/jobs", body, "local", "execute-api");
        assertTrue(verifier.verify("POST", s.rawPath(), null, s.headers(), "{\"x\":1}".getBytes(StandardCharsets.UTF_8), Instant.now())
                .principal().isEmpty(), "body changed");
        assertTrue(verifier.verify("GET", s.rawPath(), null, s.headers(), body, Instant.now()).principal().isEmpty(), "method changed");
        Signed other = sign("POST", "http://127.0.0.1:4000/jobs", body, "wrong", "execute-api");
        assertTrue(verifier.verify("POST", other.rawPath(), null, other.headers(), body, Instant.now()).principal().isEmpty(), "secret");
        Signed s3 = sign("POST", "http://127.0.0.1:4000/jobs", body, "local", "s3");
        assertTrue(verifier.verify("POST", s3.rawPath(), null, s3.headers(), body, Instant.now()).refusal().contains("execute-api"));
        assertTrue(verifier.verify("POST", s.rawPath(), null, s.headers(), body, Instant.now().plusSeconds(3600)).refusal().contains("expired"));
        assertTrue(verifier.verify("POST", s.rawPath(), null, Map.of(), body, Instant.now()).refusal().contains("Missing Authentication Token"));
    }
}
