package dev.photoreel.local.stack;

import dev.photoreel.local.Json;
import dev.photoreel.template.CloudFormationTemplate;
import dev.photoreel.template.CloudFormationYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAM template read for the local stack: every name, handler, environment variable, timeout and
 * state machine substitution comes from {@code template.yaml}, resolved against local names, so the local
 * stack cannot drift from what is deployed.
 */
public final class SamTemplate {

    /** The local stand-ins for the pseudo parameters. */
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String STACK_NAME = "photoreel-local";

    private static final Pattern DEFINITION_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final Path templateFile;
    private final CloudFormationTemplate template;
    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> resources;
    private final IntrinsicResolver resolver;

    /** A DynamoDB table declaration. */
    public record TableSpec(String logicalId, String name, List<Map<String, Object>> keySchema,
            List<Map<String, Object>> attributeDefinitions, List<Map<String, Object>> globalSecondaryIndexes,
            String ttlAttribute) {
    }

    /** An SQS queue: its name, visibility timeout, and where messages go after too many receives. */
    public record QueueSpec(String logicalId, String name, int visibilityTimeoutSeconds, String deadLetterQueueLogicalId,
            int maxReceiveCount) {
    }

    /** A bucket notification into a queue: the events, for keys under a prefix (and with a suffix). */
    public record QueueNotification(String bucketLogicalId, String queueLogicalId, List<String> events, String prefix,
            String suffix) {
    }

    /** An SQS event source mapping (a SAM event of type SQS): the queue a function consumes, and how. */
    public record SqsEventSource(String functionLogicalId, String queueLogicalId, int batchSize,
            boolean reportsBatchItemFailures, int maximumConcurrency) {
    }

    /** An EventBridge rule on a function (SAM {@code EventBridgeRule}/{@code CloudWatchEvent}): its pattern, intrinsics resolved. */
    public record EventRule(String functionLogicalId, String eventName, Map<String, Object> pattern) {
    }

    /** A schedule on a function (SAM {@code Schedule}/{@code ScheduleV2}): {@code rate(...)} or {@code cron(...)}. */
    public record ScheduleSpec(String functionLogicalId, String eventName, String expression, boolean enabled) {
    }

    /**
     * A route of the template's REST API (an {@code AWS::Serverless::Api} DefinitionBody): method, path template
     * ({@code /jobs/{id}}), the function its proxy integration invokes, and the security scheme it requires
     * ({@code sigv4} or {@code api_key}, conditions resolved).
     */
    public record ApiRoute(String method, String path, String functionLogicalId, String security) {
    }

    /** The state machine: its name and its definition with every substitution applied. */
    public record StateMachineSpec(String logicalId, String name, String definition) {
    }

    private SamTemplate(Path templateFile, CloudFormationTemplate template, Map<String, String> parameterOverrides) {
        this.templateFile = templateFile;
        this.template = template;
        this.root = template.root();
        this.resources = castMap(root.getOrDefault("Resources", Map.of()));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AWS::Region", REGION);
        parameters.put("AWS::AccountId", ACCOUNT_ID);
        parameters.put("AWS::StackName", STACK_NAME);
        parameters.put("AWS::StackId", "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + STACK_NAME + "/local");
        parameters.put("AWS::Partition", "aws");
        parameters.put("AWS::URLSuffix", "amazonaws.com");
        Map<String, Map<String, Object>> declared = castMap(root.getOrDefault("Parameters", Map.of()));
        declared.forEach((name, declaration) -> {
            Object fallback = declaration.get("Default");
            parameters.put(name, fallback == null ? "" : String.valueOf(fallback));
        });
        parameterOverrides.forEach((name, value) -> {
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException("Parameter override " + name + " is not a parameter of "
                        + templateFile + " (declared: " + declared.keySet() + ")");
            }
            parameters.put(name, value);
        });
        this.resolver = new IntrinsicResolver(parameters, castMap(root.getOrDefault("Conditions", Map.of())),
                castMap(root.getOrDefault("Mappings", Map.of())), new LocalReferences());
    }

    /** Reads the template; {@code parameterOverrides} replace parameters' defaults (names must exist). */
    public static SamTemplate read(Path templateFile, Map<String, String> parameterOverrides) throws IOException {
        if (!Files.isRegularFile(templateFile)) {
            throw new IllegalStateException("No SAM template at " + templateFile.toAbsolutePath()
                    + ": run from the repository root, or pass its path");
        }
        return new SamTemplate(templateFile, CloudFormationTemplate.read(templateFile), parameterOverrides);
    }

    public Path file() {
        return templateFile;
    }

    /** The parameter names the template declares. */
    public java.util.Set<String> parameterNames() {
        return castMap(root.getOrDefault("Parameters", Map.of())).keySet();
    }

    List<String> logicalIds(String type) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if (type.equals(resource.get("Type")) && conditionHolds(resource)) {
                ids.add(id);
            }
        });
        return ids;
    }

    private boolean conditionHolds(Map<String, Object> resource) {
        Object condition = resource.get("Condition");
        return condition == null || Boolean.TRUE.equals(resolver.resolve(Map.of("Condition", condition)));
    }

    private Map<String, Object> properties(String logicalId) {
        return castMap(resources.get(logicalId).getOrDefault("Properties", Map.of()));
    }

    /** The routes of every REST API the template declares with a DefinitionBody. */
    public List<ApiRoute> apiRoutes() {
        Pattern function = Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.Alias}");
        List<ApiRoute> routes = new ArrayList<>();
        for (String id : logicalIds("AWS::Serverless::Api")) {
            Map<String, Object> body = castMap(properties(id).getOrDefault("DefinitionBody", Map.of()));
            Map<String, Object> paths = castMap(body.getOrDefault("paths", Map.of()));
            paths.forEach((path, methods) -> castMap(methods).forEach((method, operation) -> {
                Map<String, Object> op = castMap(operation);
                Map<String, Object> integration = castMap(op.getOrDefault("x-amazon-apigateway-integration", Map.of()));
                Object uri = integration.get("uri");
                String text = uri instanceof Map<?, ?> sub ? String.valueOf(sub.get("Fn::Sub")) : String.valueOf(uri);
                Matcher matcher = function.matcher(text);
                if (!matcher.find()) {
                    return;
                }
                Object security = resolver.resolve(op.getOrDefault("security", List.of()));
                String scheme = "none";
                if (security instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first && !first.isEmpty()) {
                    scheme = String.valueOf(first.keySet().iterator().next());
                }
                routes.add(new ApiRoute(method.toUpperCase(Locale.ROOT), path, matcher.group(1), scheme));
            }));
        }
        return routes;
    }

    /** The functions, Globals merged in, in template order. */
    public List<FunctionSpec> functions() {
        Map<String, Object> globals = template.functionGlobals();
        List<FunctionSpec> functions = new ArrayList<>();
        for (String id : logicalIds(CloudFormationTemplate.SERVERLESS_FUNCTION)) {
            Map<String, Object> props = properties(id);
            String handler = resolver.string(props.getOrDefault("Handler", globals.get("Handler")));
            if (handler == null) {
                throw new IllegalArgumentException(id + " has no Handler in " + templateFile);
            }
            int timeout = Integer.parseInt(String.valueOf(resolver.string(props.getOrDefault("Timeout", globals.getOrDefault("Timeout", 3)))));
            int memory = Integer.parseInt(String.valueOf(resolver.string(props.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128)))));
            Object aliasValue = props.getOrDefault("AutoPublishAlias", globals.get("AutoPublishAlias"));
            Map<String, String> environment = new LinkedHashMap<>();
            environment.putAll(variables(globals));
            environment.putAll(variables(props));
            int colons = handler.indexOf("::");
            functions.add(new FunctionSpec(id, functionName(id), colons < 0 ? handler : handler.substring(0, colons),
                    timeout, memory, aliasValue == null ? null : resolver.string(aliasValue), environment));
        }
        return functions;
    }

    private Map<String, String> variables(Map<String, Object> props) {
        Map<String, Object> env = castMap(castMap(props.getOrDefault("Environment", Map.of())).getOrDefault("Variables", Map.of()));
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            String resolved = resolver.string(value);
            if (resolved != null) {
                out.put(name, resolved);
            }
        });
        return out;
    }

    /** The one bucket the template declares. */
    public String bucketLogicalId() {
        return single("AWS::S3::Bucket");
    }

    public String bucketName() {
        return resourceName(bucketLogicalId());
    }

    /**
     * The bucket's CORS rules ({@code CorsConfiguration.CorsRules}) as written, unresolved: their origins name the
     * deployed API, which the local stack replaces with its own.
     */
    public List<Map<String, Object>> bucketCorsRules() {
        Map<String, Object> cors = castMap(properties(bucketLogicalId()).getOrDefault("CorsConfiguration", Map.of()));
        return castList(cors.getOrDefault("CorsRules", List.of()));
    }

    /** The one jobs table. */
    public TableSpec table() {
        String id = single("AWS::DynamoDB::Table");
        Map<String, Object> props = castMap(resolver.resolve(properties(id)));
        Map<String, Object> ttl = castMap(props.getOrDefault("TimeToLiveSpecification", Map.of()));
        String ttlAttribute = Boolean.parseBoolean(String.valueOf(ttl.get("Enabled"))) ? String.valueOf(ttl.get("AttributeName")) : null;
        return new TableSpec(id, resourceName(id), castList(props.get("KeySchema")), castList(props.get("AttributeDefinitions")),
                castList(props.getOrDefault("GlobalSecondaryIndexes", List.of())), ttlAttribute);
    }

    /**
     * A generated Secrets Manager secret ({@code GenerateSecretString}): its local name (what {@code !Ref} resolves to
     * locally; Secrets Manager takes a name wherever it takes an ARN), the length and whether punctuation is excluded.
     */
    public record SecretSpec(String logicalId, String name, long length, boolean excludePunctuation) {
    }

    /** The template's secrets with a generated value; a secret without {@code GenerateSecretString} is refused. */
    public List<SecretSpec> secrets() {
        List<SecretSpec> secrets = new ArrayList<>();
        for (String id : logicalIds("AWS::SecretsManager::Secret")) {
            Map<String, Object> generate = castMap(properties(id).get("GenerateSecretString"));
            if (generate.isEmpty()) {
                throw new IllegalArgumentException(id + " in " + templateFile + " has no GenerateSecretString: the local stack only"
                        + " creates generated secrets");
            }
            Object length = generate.getOrDefault("PasswordLength", 32);
            secrets.add(new SecretSpec(id, resourceName(id), Long.parseLong(resolver.string(length)),
                    Boolean.parseBoolean(resolver.string(generate.getOrDefault("ExcludePunctuation", false)))));
        }
        return secrets;
    }

    /** The notification topics (usually one). */
    public List<String> topicNames() {
        return logicalIds("AWS::SNS::Topic").stream().map(this::resourceName).toList();
    }

    /**
     * The topic users' notifications go to: the one the functions' {@code TOPIC_ARN} variable names, or the only
     * topic when no function names one (other topics, such as an operations topic for alarms, are created too).
     */
    public String topicArn() {
        List<String> named = functions().stream().map(f -> f.environment().get("TOPIC_ARN")).filter(java.util.Objects::nonNull)
                .distinct().toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (!named.isEmpty()) {
            throw new IllegalArgumentException("The functions of " + templateFile + " publish to several topics " + named
                    + ": the local stack captures notifications from one");
        }
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT_ID + ":" + resourceName(single("AWS::SNS::Topic"));
    }

    /** The EventBridge rules declared as function events, patterns resolved against the local names. */
    public List<EventRule> eventRules() {
        List<EventRule> rules = new ArrayList<>();
        for (String id : logicalIds("AWS::Serverless::Function")) {
            Map<String, Map<String, Object>> events = castMap(properties(id).getOrDefault("Events", Map.of()));
            events.forEach((name, event) -> {
                if ("EventBridgeRule".equals(event.get("Type")) || "CloudWatchEvent".equals(event.get("Type"))) {
                    Map<String, Object> props = castMap(event.get("Properties"));
                    if (props.containsKey("EventBusName") && !"default".equals(resolver.string(props.get("EventBusName")))) {
                        throw new IllegalArgumentException(id + "." + name + ": the local stack emulates the default event bus only");
                    }
                    rules.add(new EventRule(id, name, castMap(resolver.resolve(props.get("Pattern")))));
                }
            });
        }
        return rules;
    }

    /** The schedules declared as function events. */
    public List<ScheduleSpec> schedules() {
        List<ScheduleSpec> schedules = new ArrayList<>();
        for (String id : logicalIds("AWS::Serverless::Function")) {
            Map<String, Map<String, Object>> events = castMap(properties(id).getOrDefault("Events", Map.of()));
            events.forEach((name, event) -> {
                Object type = event.get("Type");
                if ("Schedule".equals(type) || "ScheduleV2".equals(type)) {
                    Map<String, Object> props = castMap(event.get("Properties"));
                    Object expression = props.getOrDefault("Schedule", props.get("ScheduleExpression"));
                    Object enabled = props.get("Enabled");
                    Object state = props.get("State");
                    boolean on = (enabled == null || Boolean.parseBoolean(resolver.string(enabled)))
                            && (state == null || "ENABLED".equals(resolver.string(state)));
                    schedules.add(new ScheduleSpec(id, name, resolver.string(expression), on));
                }
            });
        }
        return schedules;
    }

    /** The SQS queues, in template order. */
    public List<QueueSpec> queues() {
        List<QueueSpec> queues = new ArrayList<>();
        for (String id : logicalIds("AWS::SQS::Queue")) {
            Map<String, Object> props = properties(id);
            Map<String, Object> redrive = castMap(props.getOrDefault("RedrivePolicy", Map.of()));
            String deadLetter = redrive.containsKey("deadLetterTargetArn") ? refTarget(redrive.get("deadLetterTargetArn")) : null;
            int maxReceives = redrive.containsKey("maxReceiveCount") ? Integer.parseInt(resolver.string(redrive.get("maxReceiveCount"))) : 0;
            int visibility = Integer.parseInt(resolver.string(props.getOrDefault("VisibilityTimeout", 30)));
            queues.add(new QueueSpec(id, resourceName(id), visibility, deadLetter, maxReceives));
        }
        return queues;
    }

    /** The bucket's notifications into SQS queues ({@code NotificationConfiguration.QueueConfigurations}). */
    public List<QueueNotification> queueNotifications() {
        List<QueueNotification> notifications = new ArrayList<>();
        for (String bucket : logicalIds("AWS::S3::Bucket")) {
            Map<String, Object> notification = castMap(properties(bucket).getOrDefault("NotificationConfiguration", Map.of()));
            for (Map<String, Object> config : castList(notification.getOrDefault("QueueConfigurations", List.of()))) {
                notifications.add(new QueueNotification(bucket, refTarget(config.get("Queue")), List.of(resolver.string(config.get("Event"))),
                        filterRule(config.get("Filter"), "prefix"), filterRule(config.get("Filter"), "suffix")));
            }
        }
        return notifications;
    }

    /** The functions' SQS event sources (SAM {@code Events} of type SQS), with Lambda's defaults where unset. */
    public List<SqsEventSource> sqsEventSources() {
        List<SqsEventSource> sources = new ArrayList<>();
        for (String id : logicalIds("AWS::Serverless::Function")) {
            Map<String, Map<String, Object>> events = castMap(properties(id).getOrDefault("Events", Map.of()));
            for (Map<String, Object> event : events.values()) {
                if (!"SQS".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> props = castMap(event.get("Properties"));
                int batchSize = Integer.parseInt(resolver.string(props.getOrDefault("BatchSize", 10)));
                boolean partial = toStrings(resolver.resolve(props.get("FunctionResponseTypes"))).contains("ReportBatchItemFailures");
                Map<String, Object> scaling = castMap(props.getOrDefault("ScalingConfig", Map.of()));
                int concurrency = Integer.parseInt(resolver.string(scaling.getOrDefault("MaximumConcurrency", 5)));
                sources.add(new SqsEventSource(id, refTarget(props.get("Queue")), batchSize, partial, concurrency));
            }
        }
        return sources;
    }

    private String filterRule(Object filter, String rule) {
        Map<String, Object> resolved = castMap(resolver.resolve(filter == null ? Map.of() : filter));
        for (Map<String, Object> r : castList(castMap(resolved.getOrDefault("S3Key", Map.of())).getOrDefault("Rules", List.of()))) {
            if (rule.equalsIgnoreCase(String.valueOf(r.get("Name")))) {
                return String.valueOf(r.get("Value"));
            }
        }
        return null;
    }

    /** The logical id a {@code Ref}/{@code GetAtt} (or a function ARN/name built from one) points at. */
    private String refTarget(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object arg = map.values().iterator().next();
            String target = arg instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(arg);
            int dot = target.indexOf('.');
            return dot < 0 ? target : target.substring(0, dot);
        }
        String resolved = resolver.string(value);
        for (String id : resources.keySet()) {
            if (resolved.equals(resourceName(id)) || resolved.endsWith(":" + resourceName(id)) || resolved.contains(":" + resourceName(id) + ":")) {
                return id;
            }
        }
        throw new IllegalArgumentException("Cannot tell which resource " + value + " refers to");
    }

    /** The state machine, its definition file read and {@code DefinitionSubstitutions} applied. */
    public StateMachineSpec stateMachine() throws IOException {
        String id = single("AWS::Serverless::StateMachine");
        Map<String, Object> props = properties(id);
        Map<String, Object> document;
        if (props.containsKey("DefinitionUri")) {
            // YAML or JSON (JSON is YAML), as Step Functions takes either; moto takes JSON
            document = CloudFormationYaml.read(templateFile.toAbsolutePath().getParent().resolve(resolver.string(props.get("DefinitionUri"))));
        } else if (props.containsKey("Definition")) {
            document = castMap(props.get("Definition"));
        } else {
            throw new IllegalArgumentException(id + " has neither DefinitionUri nor Definition");
        }
        String definition = Json.MAPPER.writeValueAsString(document);
        Map<String, Object> substitutions = castMap(props.getOrDefault("DefinitionSubstitutions", Map.of()));
        Matcher matcher = DEFINITION_VARIABLE.matcher(definition);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!substitutions.containsKey(name)) {
                missing.add(name);
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(resolver.string(substitutions.get(name))));
        }
        matcher.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The state machine definition uses substitutions that " + id
                    + ".DefinitionSubstitutions does not define: " + missing);
        }
        return new StateMachineSpec(id, resourceName(id), out.toString());
    }

    public String stateMachineArn() {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT_ID + ":stateMachine:" + resourceName(single("AWS::Serverless::StateMachine"));
    }

    private String single(String type) {
        List<String> ids = logicalIds(type);
        if (ids.size() != 1) {
            throw new IllegalArgumentException("The local stack expects exactly one " + type + " in " + templateFile + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The physical name a resource gets locally: its declared name, else one derived from the logical id. */
    String resourceName(String logicalId) {
        Map<String, Object> resource = resources.get(logicalId);
        if (resource == null) {
            return null;
        }
        String type = String.valueOf(resource.get("Type"));
        String nameProperty = switch (type) {
            case "AWS::S3::Bucket" -> "BucketName";
            case "AWS::DynamoDB::Table" -> "TableName";
            case "AWS::SNS::Topic" -> "TopicName";
            case "AWS::SQS::Queue" -> "QueueName";
            case "AWS::SecretsManager::Secret" -> "Name";
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> "FunctionName";
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> "Name";
            default -> null;
        };
        Object declared = nameProperty == null ? null : properties(logicalId).get(nameProperty);
        if (declared != null) {
            return resolver.string(declared);
        }
        if (type.startsWith("AWS::Serverless::Function") || type.equals("AWS::Lambda::Function")) {
            return logicalId;
        }
        String name = STACK_NAME + "-" + logicalId;
        return type.equals("AWS::S3::Bucket") ? name.toLowerCase(Locale.ROOT) : name;
    }

    String functionName(String logicalId) {
        return resourceName(logicalId);
    }

    private final class LocalReferences implements IntrinsicResolver.References {
        private static final String PREFIX = "arn:aws:";

        @Override
        public Optional<String> ref(String logicalId) {
            int dot = logicalId.indexOf('.');
            if (dot > 0) {
                String function = logicalId.substring(0, dot);
                String what = logicalId.substring(dot + 1);
                if (!resources.containsKey(function)) {
                    return Optional.empty();
                }
                String arn = functionArn(function);
                Object alias = properties(function).get("AutoPublishAlias");
                return switch (what) {
                    case "Alias" -> Optional.of(arn + ":" + (alias == null ? "live" : resolver.string(alias)));
                    case "Version" -> Optional.of(arn + ":1");
                    default -> Optional.empty();
                };
            }
            Map<String, Object> resource = resources.get(logicalId);
            if (resource == null) {
                return Optional.empty();
            }
            String name = resourceName(logicalId);
            return Optional.of(switch (String.valueOf(resource.get("Type"))) {
                case "AWS::SNS::Topic" -> PREFIX + "sns:" + REGION + ":" + ACCOUNT_ID + ":" + name;
                case "AWS::SQS::Queue" -> "http://127.0.0.1/" + ACCOUNT_ID + "/" + name;
                case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> stateMachineArnOf(name);
                default -> name;
            });
        }

        @Override
        public Optional<String> attribute(String logicalId, String attribute) {
            Map<String, Object> resource = resources.get(logicalId);
            if (resource == null) {
                // SAM's implicit resources, e.g. <Function>Role: only their ARN is ever referenced.
                return attribute.equals("Arn") && logicalId.endsWith("Role")
                        ? Optional.of(PREFIX + "iam::" + ACCOUNT_ID + ":role/" + STACK_NAME + "-" + logicalId)
                        : Optional.empty();
            }
            String name = resourceName(logicalId);
            String type = String.valueOf(resource.get("Type"));
            return Optional.ofNullable(switch (type + "." + attribute) {
                case "AWS::S3::Bucket.Arn" -> PREFIX + "s3:::" + name;
                case "AWS::S3::Bucket.DomainName", "AWS::S3::Bucket.RegionalDomainName" -> name + ".s3.amazonaws.com";
                case "AWS::DynamoDB::Table.Arn" -> PREFIX + "dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + name;
                case "AWS::DynamoDB::Table.StreamArn" -> PREFIX + "dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + name + "/stream/local";
                case "AWS::SNS::Topic.TopicArn" -> PREFIX + "sns:" + REGION + ":" + ACCOUNT_ID + ":" + name;
                case "AWS::SNS::Topic.TopicName" -> name;
                case "AWS::SQS::Queue.Arn" -> PREFIX + "sqs:" + REGION + ":" + ACCOUNT_ID + ":" + name;
                case "AWS::SQS::Queue.QueueName" -> name;
                case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" -> functionArn(logicalId);
                case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" -> stateMachineArnOf(name);
                case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> name;
                default -> attribute.equals("Arn")
                        ? PREFIX + "iam::" + ACCOUNT_ID + ":role/" + STACK_NAME + "-" + logicalId
                        : STACK_NAME + "-" + logicalId + "-" + attribute;
            });
        }

        private String functionArn(String logicalId) {
            return PREFIX + "lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + resourceName(logicalId);
        }

        private String stateMachineArnOf(String name) {
            return PREFIX + "states:" + REGION + ":" + ACCOUNT_ID + ":stateMachine:" + name;
        }
    }

    private static List<String> toStrings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> castMap(Object value) {
        return value == null ? Map.of() : (Map<String, V>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
