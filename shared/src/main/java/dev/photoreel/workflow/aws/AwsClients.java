package dev.photoreel.workflow.aws;

import dev.photoreel.config.Environment;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds the SDK clients once per container: the url-connection HTTP client set explicitly, call and
 * attempt timeouts. Region and credentials come from the default chains ({@code AWS_REGION} in
 * Lambda); endpoints from the standard {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>}
 * variables, which the SDK reads itself. {@code S3_FORCE_PATH_STYLE=true} switches S3 to path-style
 * addressing for local stacks.
 */
public final class AwsClients {

    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    static final int DYNAMODB_MAX_ATTEMPTS = 10;
    /** Optional, local stacks only: {@code true} for path-style S3 addressing; unset means the SDK's default. */
    public static final String S3_FORCE_PATH_STYLE = "S3_FORCE_PATH_STYLE";

    private final SdkHttpClient http;
    private final boolean forcePathStyle;

    public AwsClients(Map<String, String> environment) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.forcePathStyle = new Environment(environment).optionalFlag(S3_FORCE_PATH_STYLE);
    }

    public static AwsClients fromEnvironment() {
        return new AwsClients(System.getenv());
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    /**
     * The jobs table's client retries up to {@value #DYNAMODB_MAX_ATTEMPTS} attempts (backoff with jitter), as the
     * SDK for DynamoDB did by default before v2: a throttled table slows the job down instead of failing it.
     */
    public DynamoDbClient dynamo() {
        ClientOverrideConfiguration patient = overrides().toBuilder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(DYNAMODB_MAX_ATTEMPTS).build())
                .build();
        return DynamoDbClient.builder().httpClient(http).overrideConfiguration(patient).build();
    }

    public S3Client s3() {
        return S3Client.builder().httpClient(http).overrideConfiguration(overrides())
                .forcePathStyle(forcePathStyle).build();
    }

    public S3Presigner presigner() {
        return S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(forcePathStyle).build())
                .build();
    }

    public SnsClient sns() {
        return SnsClient.builder().httpClient(http).overrideConfiguration(overrides()).build();
    }

    public SfnClient sfn() {
        return SfnClient.builder().httpClient(http).overrideConfiguration(overrides()).build();
    }

    public SecretsManagerClient secrets() {
        return SecretsManagerClient.builder().httpClient(http).overrideConfiguration(overrides()).build();
    }
}
