package dev.photoreel.local.stack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for the local stack itself (resources, uploads, test assertions), pointed at moto. */
public final class LocalAws implements AutoCloseable {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build();
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final SfnClient sfn;
    private final SecretsManagerClient secrets;

    public LocalAws(URI endpoint) {
        this(endpoint, ACCESS_KEY);
    }

    /** Clients for {@code endpoint} signing with {@code accessKey} (LocalStack takes a 12-digit access key as the account id). */
    public LocalAws(URI endpoint, String accessKey) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, SECRET_KEY));
        Region region = Region.of(SamTemplate.REGION);
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(90)).build();
        this.s3 = S3Client.builder().httpClient(http).endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).overrideConfiguration(overrides).build();
        this.dynamoDb = DynamoDbClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).overrideConfiguration(overrides).build();
        this.sns = SnsClient.builder().httpClient(http).endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides).build();
        this.sqs = SqsClient.builder().httpClient(http).endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides).build();
        this.secrets = SecretsManagerClient.builder().httpClient(http).endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides).build();
        this.sfn = SfnClient.builder().httpClient(http).endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                .overrideConfiguration(overrides).build();
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SnsClient sns() {
        return sns;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SfnClient sfn() {
        return sfn;
    }

    public SecretsManagerClient secrets() {
        return secrets;
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sns.close();
        sqs.close();
        sfn.close();
        secrets.close();
        http.close();
    }
}
