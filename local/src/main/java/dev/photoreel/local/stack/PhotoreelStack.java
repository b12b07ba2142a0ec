package dev.photoreel.local.stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: moto (S3, DynamoDB, SNS, SQS, Step Functions with its interpreter),
 * the local Lambda endpoint running the template's handlers in this JVM, the S3 event source, and the
 * vendor (the emulator, or a real base URL). Everything is created from {@code template.yaml} and the real
 * state machine definition. {@link #close()} (also run by a shutdown hook, so Ctrl-C and a failed test
 * clean up) stops every process and server it started.
 */
public final class PhotoreelStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PhotoreelStack.class);

    /** The local stack's stable {@code X-Client-Id} towards the vendor. */
    public static final String LOCAL_CLIENT_ID = "8f2c6f0e-photoreel-local-0001";

    /** Template parameters the local stack sets when the template declares them. */
    private static final Map<String, Function<StackOptions, String>> LOCAL_PARAMETERS = Map.of(
            "QuietPeriodSeconds", o -> String.valueOf(o.quietPeriodSeconds()),
            "UploadCheckSeconds", o -> "1",
            "DraftCheckSeconds", o -> "1",
            "PollIntervalSeconds", o -> String.valueOf(o.pollIntervalSeconds()),
            "RenderTimeoutSeconds", o -> String.valueOf(o.renderTimeoutSeconds()),
            "StreamMarginSeconds", o -> String.valueOf(o.streamMarginSeconds()),
            "NemoClientId", o -> LOCAL_CLIENT_ID);


    /**
     * How soon a message that failed in a function's SQS event source is delivered again (on AWS: the queue's
     * visibility timeout, minutes; locally seconds, so retries and the dead-letter redrive can be seen in tests).
     */
    static final Duration LOCAL_RETRY_DELAY = Duration.ofSeconds(2);

    /** The endpoints a person or a test talks to. */
    public record Endpoints(URI aws, URI lambda, URI vendor) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "photoreel-stack-shutdown");
    private Endpoints endpoints;
    private LocalAws aws;
    private FunctionRuntime runtime;
    private ClassDataArchives archives;
    /** Each function's class path: its artifact, then {@link RuntimeLoop}'s jar. */
    private final Map<String, List<Path>> classPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private StackResources.Created resources;
    private SamTemplate template;
    private final Map<String, EventSourceMapping> eventSources = new LinkedHashMap<>();
    private volatile Map<String, Map<String, String>> functionEnvironments;
    private final AwsFaults faults = new AwsFaults();
    private LocalEventBridge eventBridge;
    private LocalApiGateway api;

    private PhotoreelStack() {
    }

    /** Starts the stack; on any failure, stops what had started and rethrows. */
    public static PhotoreelStack start(StackOptions options, Vendor vendor) throws IOException {
        PhotoreelStack stack = new PhotoreelStack();
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll(options, vendor);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(StackOptions options, Vendor vendor) throws IOException {
        started.push(vendor);
        Path logs = Files.createDirectories(options.projectRoot().resolve("target/photoreel-stack"));

        Map<String, String> parameters = new LinkedHashMap<>();
        SamTemplate declared = SamTemplate.read(options.projectRoot().resolve("template.yaml"), Map.of());
        LOCAL_PARAMETERS.forEach((name, value) -> {
            if (declared.parameterNames().contains(name)) {
                parameters.put(name, value.apply(options));
            }
        });
        if (declared.parameterNames().contains("NemoApiBase")) {
            parameters.put("NemoApiBase", vendor.baseUrl().toString());
        }
        parameters.putAll(options.parameterOverrides());
        this.template = SamTemplate.read(options.projectRoot().resolve("template.yaml"), parameters);
        List<FunctionSpec> functions = template.functions();

        int motoPort = freePort();
        FunctionArtifacts artifacts = FunctionArtifacts.read(options.projectRoot());
        Path runtimeLoop = FunctionSandbox.writeRuntimeLoop(logs.resolve("runtime-loop"));
        functions.forEach(function -> classPaths.put(function.logicalId(), withRuntimeLoop(artifacts.classPathOf(function.logicalId()), runtimeLoop)));
        this.archives = new ClassDataArchives(logs.resolve("class-data"), javaBinary(), FunctionRuntime.JVM_FLAGS);
        this.runtime = new FunctionRuntime(functions, new FunctionSandbox.Launch(javaBinary(), function -> functionJvmFlags(function.logicalId()),
                function -> classPaths.get(function.logicalId()), this::functionEnvironment, FunctionRuntime.INIT_LIMIT));
        started.push(runtime);
        URI motoUri = URI.create("http://127.0.0.1:" + motoPort);
        LambdaEndpoint lambda = LambdaEndpoint.start(0, runtime, motoUri, faults);
        started.push(lambda);
        MotoServer moto = MotoServer.start(options.projectRoot(), motoPort, lambda.port(), logs.resolve("moto-" + motoPort + ".log"));
        started.push(moto);
        this.endpoints = new Endpoints(moto.uri(), lambda.uri(), vendor.baseUrl());

        List<SamTemplate.ApiRoute> routes = template.apiRoutes();
        if (!routes.isEmpty()) {
            this.api = LocalApiGateway.start(routes, runtime, LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
            started.push(api);
        }
        this.functionEnvironments = LambdaEnvironment.of(functions, new LambdaEnvironment.Local(options, vendor.baseUrl(), moto.uri(),
                lambda.uri(), api == null ? null : api.uri()));

        this.aws = new LocalAws(moto.uri());
        started.push(aws);
        this.resources = StackResources.create(template, aws, java.util.Optional.ofNullable(api).map(LocalApiGateway::uri));

        for (SamTemplate.SqsEventSource source : resources.eventSources()) {
            FunctionSpec function = runtime.find(source.functionLogicalId()).orElseThrow();
            EventSourceMapping mapping = new EventSourceMapping(aws.sqs(), resources.queueUrls().get(source.queueLogicalId()),
                    StackResources.queueArn(template.resourceName(source.queueLogicalId())), runtime, function, source, LOCAL_RETRY_DELAY);
            mapping.start();
            started.push(mapping);
            eventSources.put(source.functionLogicalId(), mapping);
        }
        // What EventBridge does in AWS: the rules (the execution guard) and schedules (the reconciler) of the template
        this.eventBridge = new LocalEventBridge(aws.sfn(), resources.stateMachineArn(), runtime, template.eventRules(),
                template.schedules(), options.scheduleInterval(), Duration.ofSeconds(1));
        started.push(eventBridge.start());
        // the workflow's and the event sources' functions; the API's start on their first request (the page, the CLI's --api)
        Set<String> apiFunctions = routes.stream().map(SamTemplate.ApiRoute::functionLogicalId).collect(Collectors.toSet());
        try {
            archives.record(functions, function -> classPaths.get(function.logicalId()), this::functionEnvironment);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recording the functions' class data sharing archives", e);
        }
        runtime.prewarm(functions.stream().filter(function -> !apiFunctions.contains(function.logicalId())).toList());
        LOG.info("Local stack started: aws={} lambda={} vendor={} bucket={} stateMachine={}", endpoints.aws(), endpoints.lambda(),
                endpoints.vendor(), resources.bucket(), resources.stateMachineArn());
    }

    /** The JVM flags of a function's sandbox: the Lambda runtime's, and its artifact's class data sharing archive. */
    private List<String> functionJvmFlags(String logicalId) {
        FunctionLaunch launch = functionLaunch(logicalId);
        List<String> flags = new ArrayList<>(launch.runtimeFlags());
        flags.addAll(launch.classDataFlags());
        return flags;
    }

    private Map<String, String> functionEnvironment(FunctionSpec function) {
        Map<String, String> environment = functionEnvironments.get(function.logicalId());
        if (environment == null) {
            throw new IllegalStateException("the local stack has not finished starting: no environment for " + function.logicalId());
        }
        return environment;
    }

    private static List<Path> withRuntimeLoop(List<Path> artifact, Path runtimeLoop) {
        List<Path> classPath = new ArrayList<>(artifact);
        classPath.add(runtimeLoop);
        return classPath;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The jobs API's base URL (the template's REST API served locally). */
    public URI apiUrl() {
        if (api == null) {
            throw new IllegalStateException("the template declares no REST API");
        }
        return api.uri();
    }

    /** The web page, served by the local API (open {@link #signInLink()} first to sign in). */
    public URI pageUrl() {
        return URI.create(apiUrl() + "/");
    }

    /** The page's sign-in: the local stand-in for Cognito (tokens, the sign-in link). */
    public LocalSignIn signIn() {
        apiUrl();
        return api.signIn();
    }

    /** The link that signs a browser in to the page on this stack run. */
    public URI signInLink() {
        return signIn().signInLink();
    }

    /** The routes' security scheme: {@code sigv4} (sign with the local credentials) or {@code api_key}. */
    public String apiSecurity() {
        return api == null ? "none" : api.security();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** SDK clients pointed at the stack. */
    public LocalAws aws() {
        return aws;
    }

    public FunctionRuntime functions() {
        return runtime;
    }

    public SamTemplate template() {
        return template;
    }

    public String bucket() {
        return resources.bucket();
    }

    public String table() {
        return resources.table();
    }

    public String topicArn() {
        return resources.topicArn();
    }

    /** The AWS-side fault knobs (e.g. failing SNS Publish); reset them after use. */
    public AwsFaults faults() {
        return faults;
    }

    /** The local stand-in for EventBridge: the template's rules and schedules. */
    public LocalEventBridge eventBridge() {
        return eventBridge;
    }

    public String stateMachineArn() {
        return resources.stateMachineArn();
    }

    /** The URL of the template's queue {@code logicalId} (e.g. the intake queue S3 notifies of uploads). */
    public String queueUrl(String logicalId) {
        String url = resources.queueUrls().get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("The template declares no queue " + logicalId + " (queues: " + resources.queueUrls().keySet() + ")");
        }
        return url;
    }

    /**
     * The message bodies a function's SQS event source handled successfully, newest last (to deliver one again,
     * send it to its queue).
     */
    public List<String> deliveredMessages(String functionLogicalId) {
        EventSourceMapping mapping = eventSources.get(functionLogicalId);
        if (mapping == null) {
            throw new IllegalArgumentException(functionLogicalId + " has no SQS event source (with one: " + eventSources.keySet() + ")");
        }
        return mapping.recentBodies();
    }

    /** The SQS queue subscribed to the topic: every notification lands here as an SNS envelope. */
    public String notificationsQueueUrl() {
        return resources.notificationsQueueUrl();
    }

    /**
     * What the functions' environments hold, all functions together (to read a setting such as
     * {@code POLL_INTERVAL_SECONDS}); each function runs with its own, {@link #functionEnvironment(String)}.
     */
    public Map<String, String> handlerEnvironment() {
        Map<String, String> union = new LinkedHashMap<>();
        functionEnvironments.values().forEach(union::putAll);
        return union;
    }

    /** The environment {@code logicalId} runs with: its template variables, the local values, what Lambda sets. */
    public Map<String, String> functionEnvironment(String logicalId) {
        Map<String, String> environment = functionEnvironments.get(logicalId);
        if (environment == null) {
            throw new IllegalArgumentException("No function " + logicalId + " (functions: " + functionEnvironments.keySet() + ")");
        }
        return environment;
    }

    /**
     * How {@code logicalId}'s JVM is started: its class path (the artifact, then the runtime loop), the Lambda runtime's
     * JVM flags, and the flags that map its artifact's class data sharing archive (none without one).
     */
    public record FunctionLaunch(List<Path> classPath, List<String> runtimeFlags, List<String> classDataFlags) {
    }

    /** How the stack starts {@code logicalId}'s JVM (the bench starts the same JVM with a probe instead of the runtime loop). */
    public FunctionLaunch functionLaunch(String logicalId) {
        List<Path> classPath = classPaths.get(logicalId);
        if (classPath == null) {
            throw new IllegalArgumentException("No function " + logicalId + " (functions: " + classPaths.keySet() + ")");
        }
        return new FunctionLaunch(classPath, FunctionRuntime.JVM_FLAGS, archives.flags(classPath));
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already running the hook: nothing to remove.
        }
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
