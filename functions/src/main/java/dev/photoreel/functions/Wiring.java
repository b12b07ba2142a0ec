package dev.photoreel.functions;

import dev.photoreel.config.Environment;
import dev.photoreel.nemo.NemoApi;
import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.NemoHttpClient;
import dev.photoreel.nemo.TokenSource;
import dev.photoreel.workflow.EditingService;
import dev.photoreel.workflow.GuardService;
import dev.photoreel.workflow.IntakeService;
import dev.photoreel.workflow.JobOutcomeService;
import dev.photoreel.workflow.JobRepository;
import dev.photoreel.workflow.MediaStore;
import dev.photoreel.workflow.NotificationService;
import dev.photoreel.workflow.ReconcileService;
import dev.photoreel.workflow.RendererConfig;
import dev.photoreel.workflow.RegisteredTokenSource;
import dev.photoreel.workflow.RenderService;
import dev.photoreel.workflow.Sleeper;
import dev.photoreel.workflow.ValidationService;
import dev.photoreel.workflow.VendorTokenService;
import dev.photoreel.workflow.VideoService;
import dev.photoreel.workflow.WorkflowConfig;
import dev.photoreel.workflow.api.Idempotency;
import dev.photoreel.workflow.api.JobsApiService;
import dev.photoreel.workflow.aws.DynamoApiStore;
import dev.photoreel.workflow.aws.DynamoIdempotencyStore;
import dev.photoreel.workflow.aws.S3UploadLinks;
import dev.photoreel.workflow.aws.AwsClients;
import dev.photoreel.workflow.aws.DynamoJobRepository;
import dev.photoreel.workflow.aws.DynamoTokenStore;
import dev.photoreel.workflow.aws.HttpVideoSource;
import dev.photoreel.workflow.aws.S3MediaStore;
import dev.photoreel.workflow.aws.SfnExecutionStarter;
import dev.photoreel.workflow.aws.SfnExecutionStatusReader;
import dev.photoreel.workflow.aws.SnsNotifier;
import dev.photoreel.workflow.aws.HttpWebhookSender;
import dev.photoreel.workflow.webhook.WebhookPolicy;
import dev.photoreel.workflow.webhook.WebhookService;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real collaborators, built from the environment once per container and shared by every handler
 * instance (the public no-arg constructors use it). Each part is built on first use, so a function
 * only builds the SDK clients it needs; the vendor client never mints a token at construction.
 */
final class Wiring {

    static final String WEBHOOK_SECRET_ARN = "WEBHOOK_SECRET_ARN";
    /** NotifyUser's: the jobs API's base URL for the stable video link; unset (the guard, the reconciler): no API link. */
    static final String API_BASE_URL = "API_BASE_URL";

    private static final Wiring INSTANCE = new Wiring();

    /** The variables template.yaml gives this function; the required ones have no default here (ConfigurationException). */
    private final Environment environment = Environment.system();
    final WorkflowConfig config = WorkflowConfig.from(environment);
    final RendererConfig renderers = RendererConfig.from(environment);
    final Clock clock = Clock.systemUTC();
    private final AwsClients aws = AwsClients.fromEnvironment();

    private final Supplier<DynamoDbClient> dynamo = memo(aws::dynamo);
    private final Supplier<S3Client> s3 = memo(aws::s3);
    private final Supplier<JobRepository> jobs = memo(() -> new DynamoJobRepository(dynamo.get(), config.jobsTable()));
    private final Supplier<MediaStore> media = memo(() -> new S3MediaStore(s3.get(), aws.presigner(),
            config.mediaBucket(), config.uploadsPrefix(), S3MediaStore.DEFAULT_PART_BYTES));
    private final Supplier<TokenSource> tokens = memo(this::buildTokens);
    private final Supplier<NemoApi> vendor = memo(() -> new NemoHttpClient(NemoClientConfig.from(environment), tokens.get()));
    /** Read once per container, on the first webhook. */
    private final Supplier<String> webhookSecret = memo(this::readWebhookSecret);
    private final Supplier<WebhookService> webhooks = memo(() -> new WebhookService(jobs.get(), new HttpWebhookSender(), webhookSecret,
            WebhookPolicy.DEFAULT, Sleeper.REAL, () -> ThreadLocalRandom.current().nextDouble(), clock));

    private Wiring() {
    }

    static Wiring instance() {
        return INSTANCE;
    }

    IntakeService intake() {
        // STATE_MACHINE_ARN on first start, not at construction: Check Uploads uses the intake too, never starts an execution,
        // and its template entry does not set the variable (its handler failed to initialise on Lambda before)
        return new IntakeService(jobs.get(), media.get(),
                (name, input) -> new SfnExecutionStarter(aws.sfn(), config.requireStateMachineArn()).start(name, input), config,
                clock, PowertoolsMetrics.INSTANCE, Sleeper.REAL);
    }

    ValidationService validation() {
        return new ValidationService(jobs.get(), media.get(), config, renderers, clock);
    }

    EditingService editing() {
        return new EditingService(jobs.get(), media.get(), vendor.get(), tokens.get(), config, renderers, clock);
    }

    RenderService render() {
        return new RenderService(jobs.get(), vendor.get(), clock);
    }

    VideoService video() {
        return new VideoService(jobs.get(), media.get(), vendor.get(), tokens.get(),
                new HttpVideoSource(Duration.ofSeconds(10), Duration.ofMinutes(10)), config, clock);
    }

    /** The job repository, for {@link RenderWiring}. */
    JobRepository jobs() {
        return jobs.get();
    }

    /** The media store, for {@link RenderWiring}. */
    MediaStore media() {
        return media.get();
    }

    JobOutcomeService outcomes() {
        return new JobOutcomeService(jobs.get(), clock, PowertoolsMetrics.INSTANCE);
    }

    NotificationService notifications() {
        return new NotificationService(jobs.get(), media.get(), new SnsNotifier(aws.sns(), config.requireTopicArn()), config, clock,
                environment.optional(API_BASE_URL).orElse(null), webhooks.get());
    }

    JobsApiService jobsApi() {
        return new JobsApiService(jobs.get(), media.get(), new S3UploadLinks(aws.presigner(), config.mediaBucket()),
                (name, input) -> new SfnExecutionStarter(aws.sfn(), config.requireStateMachineArn()).start(name, input),
                new DynamoApiStore(dynamo.get(), config.jobsTable()), config, clock, JobsApiService.randomJobIds());
    }

    Idempotency idempotency() {
        return new Idempotency(new DynamoIdempotencyStore(dynamo.get(), config.jobsTable()), clock);
    }

    GuardService guard() {
        return new GuardService(jobs.get(), outcomes(), notifications(), PowertoolsMetrics.INSTANCE);
    }

    ReconcileService reconciler() {
        return new ReconcileService(jobs.get(), outcomes(), notifications(),
                new SfnExecutionStatusReader(aws.sfn(), config.requireStateMachineArn()), media.get(), intake(),
                ReconcileService.Settings.from(environment), config, clock, PowertoolsMetrics.INSTANCE);
    }

    /** The webhook signing secret from Secrets Manager ({@code WEBHOOK_SECRET_ARN}). */
    private String readWebhookSecret() {
        String arn = environment.required(WEBHOOK_SECRET_ARN);
        return aws.secrets().getSecretValue(b -> b.secretId(arn)).secretString();
    }

    private TokenSource buildTokens() {
        if (config.tokenSecret().isPresent()) {
            var secrets = aws.secrets();
            return new RegisteredTokenSource(id -> secrets.getSecretValue(b -> b.secretId(id)).secretString(),
                    config.tokenSecret().get());
        }
        return new VendorTokenService(new DynamoTokenStore(dynamo.get(), config.jobsTable()),
                () -> vendor.get().mintAnonymousToken(), clock, Sleeper.REAL, VendorTokenService.Timing.DEFAULT);
    }

    private static <T> Supplier<T> memo(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T current = value;
                if (current == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = factory.get();
                        }
                        current = value;
                    }
                }
                return current;
            }
        };
    }
}
