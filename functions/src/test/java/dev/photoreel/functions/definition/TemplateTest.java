package dev.photoreel.functions.definition;

import static dev.photoreel.functions.definition.PhotoreelTemplate.asList;
import static dev.photoreel.functions.definition.PhotoreelTemplate.map;
import static dev.photoreel.functions.definition.PhotoreelTemplate.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml: least-privilege IAM, a hardened bucket, the scoped trigger, and the contract's functions. */
class TemplateTest {

    /** docs/workflow-contract.md, "Functions": the template ids, in order. */
    static final List<String> CONTRACT_FUNCTIONS = List.of("StartJob", "CheckUploads", "ValidateJob",
            "AuthenticateVendor", "CreateSession", "UploadMedia", "StreamInstruction", "CheckDraft", "SubmitRender",
            "CheckRender", "StoreVideo", "CompleteJob", "FailJob", "NotifyUser", "GuardExecution", "ReconcileJobs",
            "RenderVideo");
    /** The functions that notify: the workflow's step, the guard and the reconciler. */
    static final Set<String> NOTIFYING_FUNCTIONS = Set.of("NotifyUserFunction", "FailJobFunction", "GuardExecutionFunction", "ReconcileJobsFunction");
    /**
     * Actions that have no resource-level permissions, so IAM only accepts them on Resource "*": X-Ray's
     * writes and sampling reads, and CloudWatch Logs' vended log delivery used by Step Functions logging.
     */
    static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL = Set.of("xray:PutTraceSegments",
            "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups");
    /** The jobs API's route functions (README, "The jobs API"): one per route, outside the workflow. */
    static final List<String> API_FUNCTIONS = List.of("CreateJob", "LaunchJob", "GetJob", "GetVideo", "ListJobs", "CreateRevision", "ServePage");
    /** Contract variables the deployed template does not set: local stacks only. */
    static final Set<String> LOCAL_ONLY_VARIABLES = Set.of("S3_FORCE_PATH_STYLE");

    static PhotoreelTemplate template;
    static Map<String, Map<String, Object>> functions;

    @BeforeAll
    static void load() {
        template = PhotoreelTemplate.load();
        functions = template.functions();
    }

    // ------------------------------------------------------------------ IAM

    @Test
    void noAllowStatement_grantsAWildcardAction_orUsesNotActionOrNotResource() {
        List<PhotoreelTemplate.Statement> statements = template.policyStatements();
        assertTrue(statements.size() > 20, "found too few statements to believe the scan: " + statements.size());
        for (PhotoreelTemplate.Statement s : statements) {
            if (!s.allows()) {
                continue;
            }
            assertFalse(s.body().containsKey("NotAction") || s.body().containsKey("NotResource"), s.source());
            assertFalse(s.actions().isEmpty(), s.source() + " has no Action");
            for (Object action : s.actions()) {
                assertTrue(action instanceof String a && a.matches("[a-z0-9-]+:[A-Za-z0-9]+"),
                        s.source() + " grants a wildcard or malformed action: " + action);
            }
        }
    }

    @Test
    void resourceStar_isGrantedOnlyForActionsThatHaveNoResourceLevelPermissions() {
        for (PhotoreelTemplate.Statement s : template.policyStatements()) {
            if (!s.allows()) {
                continue;
            }
            assertFalse(s.resources().isEmpty(), s.source() + " has no Resource");
            for (Object resource : s.resources()) {
                String arn = text(resource);
                if ("*".equals(arn)) {
                    for (Object action : s.actions()) {
                        assertTrue(ACTIONS_WITHOUT_RESOURCE_LEVEL.contains(action),
                                s.source() + " grants " + action + " on \"*\" although it can be scoped");
                    }
                } else if (arn != null) {
                    assertScopedArn(s.source(), arn);
                }
            }
        }
    }

    @Test
    void everyFunction_hasAHandWrittenRole_sharedOnlyByFunctionsWithTheSameNeeds() {
        Map<String, Set<String>> functionsByRole = new TreeMap<>();
        functions.forEach((id, props) -> {
            assertFalse(props.containsKey("Policies"), id + ": SAM Policies would add a generated role");
            List<Object> getAtt = asList(map(props.get("Role")).get("Fn::GetAtt"));
            assertEquals(2, getAtt.size(), id + " needs Role: !GetAtt <Role>.Arn");
            assertEquals("AWS::IAM::Role", template.resource((String) getAtt.get(0)).get("Type"), id);
            functionsByRole.computeIfAbsent((String) getAtt.get(0), role -> new TreeSet<>()).add(id);
        });
        Map<String, String> roleByGrants = new HashMap<>();
        functionsByRole.keySet().forEach(role -> {
            Map<String, Object> props = template.properties(role);
            List<Object> managed = asList(props.get("ManagedPolicyArns"));
            assertTrue(managed.contains(Map.of("Ref", "FunctionBasePolicy")), role + " needs the base policy (logs, table, tracing)");
            for (Object arn : managed) {
                assertFalse(text(arn) != null && text(arn).contains(":iam::aws:policy/"), role + " attaches an AWS managed policy: " + arn);
            }
            // A profile is its managed policies, those that attach themselves to it, and its inline statements: two roles
            // with the same grants would be one.
            String grants = managed + "|" + attachedTo(role) + "|" + props.getOrDefault("Policies", List.of());
            String twin = roleByGrants.put(grants, role);
            assertNull(twin, role + " and " + twin + " grant the same: merge them into one role");
        });
    }

    /** Whether the statements of {@code source} (a role's, or a managed policy's) reach {@code role} and no other role. */
    private static boolean attachedOnlyTo(String source, String role) {
        String id = source.split("/")[0];
        if (id.equals(role)) {
            return true;
        }
        return asList(template.properties(id).get("Roles")).equals(List.of(Map.of("Ref", role))) && rolesListing(id).isEmpty();
    }

    /** The roles that list managed policy {@code id} in their {@code ManagedPolicyArns}. */
    private static Set<String> rolesListing(String id) {
        return resourcesReferring("ManagedPolicyArns", id);
    }

    /** The managed policies that attach themselves to {@code role} ({@code Roles}). */
    private static Set<String> attachedTo(String role) {
        return resourcesReferring("Roles", role);
    }

    /** The resources whose list property {@code property} holds {@code Ref: id}. */
    private static Set<String> resourcesReferring(String property, String id) {
        Set<String> referring = new TreeSet<>();
        template.resources().forEach((resourceId, resource) -> {
            if (asList(map(map(resource).get("Properties")).get(property)).contains(Map.of("Ref", id))) {
                referring.add(resourceId);
            }
        });
        return referring;
    }

    @Test
    void s3Access_readsOnlyUploads_writesOnlyVideos_andNeverDeletes() {
        for (PhotoreelTemplate.Statement s : template.policyStatements()) {
            if (!s.allows()) {
                continue;
            }
            for (Object a : s.actions()) {
                String action = (String) a;
                if (!action.startsWith("s3:")) {
                    continue;
                }
                assertFalse(action.startsWith("s3:Delete"), s.source() + " may delete: " + action);
                for (Object r : s.resources()) {
                    String arn = text(r);
                    assertNotNull(arn, s.source() + ": S3 resources are written out with !Sub");
                    switch (action) {
                        case "s3:GetObject" -> assertTrue(arn.endsWith("/uploads/*") || arn.endsWith("/videos/*") || arn.endsWith("/api/*"),
                                s.source() + " reads outside uploads/, api/ and videos/: " + arn);
                        case "s3:PutObject" -> assertTrue(arn.endsWith("/videos/*")
                                        || (arn.endsWith("/api/*") && attachedOnlyTo(s.source(), "CreateJobRole")),
                                s.source() + " writes outside videos/ (only CreateJob writes API inputs under api/): " + arn);
                        case "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts" ->
                                assertTrue(arn.endsWith("/videos/*"), s.source() + " writes outside videos/: " + arn);
                        case "s3:ListBucket" -> {
                            assertFalse(arn.contains("/"), s.source() + ": ListBucket is granted on the bucket");
                            Object prefixes = map(map(s.body().get("Condition")).get("StringLike")).get("s3:prefix");
                            for (Object prefix : asList(prefixes)) {
                                assertTrue(((String) prefix).startsWith("uploads/") || ((String) prefix).startsWith("api/"),
                                        s.source() + " lists " + prefix);
                            }
                            assertFalse(asList(prefixes).isEmpty(), s.source() + ": ListBucket needs an s3:prefix condition");
                        }
                        default -> throw new AssertionError(s.source() + " grants an unexpected S3 action " + action);
                    }
                }
            }
        }
    }

    @Test
    void serviceGrants_nameTheirOneResource() {
        for (PhotoreelTemplate.Statement s : template.policyStatements()) {
            if (!s.allows()) {
                continue;
            }
            for (Object a : s.actions()) {
                String action = (String) a;
                Object resource = s.resources().get(0);
                if (action.equals("dynamodb:Query")) {
                    assertTrue(Set.of(Map.of("Fn::Sub", "${JobsTable.Arn}/index/PendingJobs"), Map.of("Fn::Sub", "${JobsTable.Arn}/index/ByCreatedAt"))
                            .contains(resource), s.source() + ": queries only a sparse index (PendingJobs, ByCreatedAt), never the table");
                } else if (action.startsWith("dynamodb:")) {
                    assertFalse(action.equals("dynamodb:Scan"), s.source() + " scans the jobs table");
                    assertEquals(Map.of("Fn::GetAtt", List.of("JobsTable", "Arn")), resource, s.source());
                } else if (action.equals("sns:Publish")) {
                    assertEquals(Map.of("Ref", "NotificationTopic"), resource, s.source());
                } else if (action.equals("secretsmanager:GetSecretValue")) {
                    assertTrue(Set.of(Map.of("Ref", "NemoTokenSecretArn"), Map.of("Ref", "WebhookSigningSecret")).contains(resource),
                            s.source() + ": reads only the vendor token or the webhook signing secret");
                } else if (action.equals("states:StartExecution")) {
                    assertTrue(Map.of("Ref", "PhotoreelStateMachine").equals(resource)
                            || text(resource).endsWith(":stateMachine:${AWS::StackName}-photoreel"), s.source());
                } else if (action.equals("states:DescribeExecution")) {
                    assertTrue(text(resource).endsWith(":execution:${PhotoreelStateMachine.Name}:*"), s.source());
                }
            }
        }
        assertEquals("HasTokenSecret", template.resource("VendorTokenSecretPolicy").get("Condition"),
                "the secret grant exists only when a secret is configured");
    }

    @Test
    void stateMachineRole_invokesExactlyTheStepsLiveAliases() {
        Set<Object> expected = new LinkedHashSet<>();
        for (String name : CONTRACT_FUNCTIONS.subList(1, CONTRACT_FUNCTIONS.indexOf("NotifyUser") + 1)) {
            expected.add(Map.of("Ref", name + "Function.Alias"));
        }
        expected.add(Map.of("Ref", "RenderVideoFunction.Alias"));
        List<PhotoreelTemplate.Statement> invokes = template.policyStatements().stream()
                .filter(s -> s.actions().contains("lambda:InvokeFunction")).toList();
        assertFalse(invokes.isEmpty(), "no lambda:InvokeFunction grant");
        Set<Object> granted = new LinkedHashSet<>();
        for (PhotoreelTemplate.Statement invoke : invokes) {
            granted.addAll(invoke.resources());
            assertEquals(List.of("lambda:InvokeFunction"), invoke.actions());
        }
        assertEquals(new TreeSet<>(expected.stream().map(Object::toString).toList()),
                new TreeSet<>(granted.stream().map(Object::toString).toList()));
    }

    // ------------------------------------------------------------------ storage and trigger

    @Test
    void bucket_blocksPublicAccess_enforcesTls_encrypts_andEnforcesBucketOwnership() {
        Map<String, Object> bucket = template.properties("MediaBucket");
        Map<String, Object> block = map(bucket.get("PublicAccessBlockConfiguration"));
        for (String setting : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertEquals(Boolean.TRUE, block.get(setting), setting);
        }
        Object encryption = asList(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0);
        assertTrue(Set.of("AES256", "aws:kms").contains(
                map(map(encryption).get("ServerSideEncryptionByDefault")).get("SSEAlgorithm")));
        assertEquals("BucketOwnerEnforced",
                map(asList(map(bucket.get("OwnershipControls")).get("Rules")).get(0)).get("ObjectOwnership"));

        Map<String, Object> policy = template.properties("MediaBucketPolicy");
        assertEquals(Map.of("Ref", "MediaBucket"), policy.get("Bucket"));
        Map<String, Object> tls = map(asList(map(policy.get("PolicyDocument")).get("Statement")).get(0));
        assertEquals("Deny", tls.get("Effect"));
        assertEquals("s3:*", tls.get("Action"), "TLS-only denies every S3 action over plain HTTP");
        assertEquals("false", map(map(tls.get("Condition")).get("Bool")).get("aws:SecureTransport"));
        assertEquals(List.of(Map.of("Fn::GetAtt", List.of("MediaBucket", "Arn")), Map.of("Fn::Sub", "${MediaBucket.Arn}/*")),
                tls.get("Resource"), "both the bucket and its objects");
    }

    @Test
    void uploads_reachOnlyStartJob_throughTheIntakeQueue_scopedToUploads_withADeadLetterQueue() {
        List<Object> notifications = asList(map(template.properties("MediaBucket").get("NotificationConfiguration")).get("QueueConfigurations"));
        assertEquals(1, notifications.size(), "one notification: uploads into the intake queue");
        Map<String, Object> notification = map(notifications.get(0));
        assertEquals("s3:ObjectCreated:*", notification.get("Event"));
        assertEquals(Map.of("Fn::GetAtt", List.of("IntakeQueue", "Arn")), notification.get("Queue"));
        assertEquals(List.of(Map.of("Name", "prefix", "Value", "uploads/")), asList(map(map(notification.get("Filter")).get("S3Key")).get("Rules")),
                "videos/ must never reach intake");
        assertEquals("IntakeQueuePolicy", map(template.resources().get("MediaBucket")).get("DependsOn"),
                "S3 checks the destination when the notification is set: the queue policy comes first");

        List<String> consumers = new ArrayList<>();
        functions.forEach((id, props) -> map(props.get("Events")).forEach((name, event) -> {
            assertFalse(List.of("S3", "SNS").contains(map(event).get("Type")), id + " must not be triggered directly by " + name);
            if ("SQS".equals(map(event).get("Type"))) {
                consumers.add(id);
                Map<String, Object> p = map(map(event).get("Properties"));
                assertEquals(Map.of("Fn::GetAtt", List.of("IntakeQueue", "Arn")), p.get("Queue"));
                assertEquals(List.of("ReportBatchItemFailures"), asList(p.get("FunctionResponseTypes")), "a failed upload event alone is retried");
            }
        }));
        assertEquals(List.of("StartJobFunction"), consumers);
        Map<String, Object> redrive = map(template.properties("IntakeQueue").get("RedrivePolicy"));
        assertEquals(Map.of("Fn::GetAtt", List.of("IntakeDeadLetterQueue", "Arn")), redrive.get("deadLetterTargetArn"));
        int visibility = ((Number) template.properties("IntakeQueue").get("VisibilityTimeout")).intValue();
        int startJobTimeout = ((Number) template.properties("StartJobFunction").get("Timeout")).intValue();
        assertTrue(visibility >= 6 * startJobTimeout, "AWS advises a visibility timeout of at least six times the consumer's timeout");
    }

    @Test
    void theResources_dependOnEachOtherWithoutACycle() {
        Map<String, Set<String>> dependencies = dependencyGraph();
        List<String> cycle = findCycle(dependencies);
        assertTrue(cycle.isEmpty(), "CloudFormation refuses a circular dependency: " + String.join(" -> ", cycle));
        assertTrue(dependencies.get("MediaBucket").contains("JobsApi"), "the bucket's CORS names the API's origin");
    }

    /**
     * A grant that attaches itself to a role is created after the role, and after the function that uses it. A function
     * with an event source of its own (a schedule, a queue, a rule) may be invoked as soon as it exists, so it waits for
     * those grants: the reconciler's first scheduled run would otherwise fail on AccessDenied and raise an alarm.
     */
    @Test
    void aFunctionWithAnEventSource_waitsForTheGrantsThatAttachThemselvesToItsRole() {
        Map<String, Set<String>> dependencies = dependencyGraph();
        functions.forEach((id, props) -> {
            if (props.get("Events") == null) {
                return;
            }
            String role = (String) asList(map(props.get("Role")).get("Fn::GetAtt")).get(0);
            Set<String> missing = new TreeSet<>(attachedTo(role));
            missing.removeAll(dependencies.get(id));
            assertEquals(Set.of(), missing, id + " has an event source: it DependsOn the grants that attach themselves to " + role);
        });
    }

    @Test
    void theGrantsOnTheBucket_attachThemselvesToTheirRoles_andNoFunctionNorRoleNamesTheBucket() {
        template.resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            String type = (String) resource.get("Type");
            boolean functionOrRole = "AWS::Serverless::Function".equals(type) || "AWS::IAM::Role".equals(type);
            if (functionOrRole) {
                assertFalse(refersToBucket(resource), id + " names the bucket: the bucket comes after the functions (through the API)");
            }
            if ("AWS::IAM::ManagedPolicy".equals(type) && refersToBucket(resource)) {
                Map<String, Object> props = template.properties(id);
                assertFalse(asList(props.get("Roles")).isEmpty(), id + " names the bucket, so it attaches itself to its roles (Roles)");
                assertEquals(Set.of(), rolesListing(id), "these roles list " + id + ", which names the bucket: a cycle");
            }
        });
        assertFalse(refersToBucket(template.raw().get("Globals")), "every function's environment: the computed name");
        assertTrue(refersToBucket(template.raw().get("Outputs")));
    }

    /**
     * What each resource waits for: its Ref, GetAtt and Sub references and DependsOn (a reference to a function's
     * {@code .Alias} waits for the function); every function also waits for what {@code Globals.Function} references.
     */
    private static Map<String, Set<String>> dependencyGraph() {
        Set<String> ids = template.resources().keySet();
        Set<String> global = new TreeSet<>();
        collectReferences(template.raw().get("Globals"), ids, global);
        Map<String, Set<String>> graph = new TreeMap<>();
        template.resources().forEach((id, value) -> {
            Set<String> dependencies = new TreeSet<>();
            Map<String, Object> properties = new HashMap<>(map(map(value).get("Properties")));
            if ("AWS::Serverless::Api".equals(map(value).get("Type"))) {
                // SAM gives the stage variables to the stage it generates, which comes after the REST API
                properties.remove("Variables");
            }
            collectReferences(properties, ids, dependencies);
            Object dependsOn = map(value).get("DependsOn");
            (dependsOn instanceof String one ? List.<Object>of(one) : asList(dependsOn)).stream().map(String.class::cast)
                    .filter(ids::contains).forEach(dependencies::add);
            if ("AWS::Serverless::Function".equals(map(value).get("Type"))) {
                dependencies.addAll(global);
            }
            dependencies.remove(id);
            graph.put(id, dependencies);
        });
        return graph;
    }

    /** A resource named in a {@code Fn::Sub} string: {@code ${Name}} or {@code ${Name.Attribute}}. */
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)[.}]");

    private static void collectReferences(Object node, Set<String> ids, Set<String> into) {
        if (node instanceof String text) {
            Matcher m = SUB_REFERENCE.matcher(text);
            while (m.find()) {
                if (ids.contains(m.group(1))) {
                    into.add(m.group(1));
                }
            }
        } else if (node instanceof Map<?, ?> m) {
            if (m.get("Ref") instanceof String ref && ids.contains(ref.split("\\.")[0])) {
                into.add(ref.split("\\.")[0]);
            }
            if (m.get("Fn::GetAtt") instanceof List<?> l && ids.contains(String.valueOf(l.get(0)))) {
                into.add(String.valueOf(l.get(0)));
            }
            m.values().forEach(child -> collectReferences(child, ids, into));
        } else if (node instanceof List<?> l) {
            l.forEach(child -> collectReferences(child, ids, into));
        }
    }

    /** A cycle of {@code graph} (its resources in order, the first repeated at the end), or empty. */
    private static List<String> findCycle(Map<String, Set<String>> graph) {
        Set<String> finished = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = visit(start, graph, finished, new ArrayList<>());
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    /** Depth first from {@code node}; {@code path} holds the resources being visited, in order. */
    private static List<String> visit(String node, Map<String, Set<String>> graph, Set<String> finished, List<String> path) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        if (!finished.add(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, graph, finished, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }

    private static boolean refersToBucket(Object node) {
        if (node instanceof String s) {
            return s.contains("${MediaBucket}") || s.contains("${MediaBucket.");
        }
        if (node instanceof Map<?, ?> m) {
            if ("MediaBucket".equals(m.get("Ref"))) {
                return true;
            }
            if (m.get("Fn::GetAtt") instanceof List<?> l && "MediaBucket".equals(l.get(0))) {
                return true;
            }
            return m.values().stream().anyMatch(TemplateTest::refersToBucket);
        }
        if (node instanceof List<?> l) {
            return l.stream().anyMatch(TemplateTest::refersToBucket);
        }
        return false;
    }

    @Test
    void jobsTable_matchesTheContract() {
        Map<String, Object> table = template.properties("JobsTable");
        assertEquals("PAY_PER_REQUEST", table.get("BillingMode"));
        assertEquals(List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")), table.get("KeySchema"));
        assertEquals(List.of(Map.of("AttributeName", "pk", "AttributeType", "S"), Map.of("AttributeName", "pending", "AttributeType", "S"),
                Map.of("AttributeName", "pendingSince", "AttributeType", "S"), Map.of("AttributeName", "listKey", "AttributeType", "S"),
                Map.of("AttributeName", "createdAt", "AttributeType", "S")), table.get("AttributeDefinitions"));
        List<Object> indexes = asList(table.get("GlobalSecondaryIndexes"));
        assertEquals(2, indexes.size(), "two sparse indexes: the reconciler's and the API's listing");
        assertEquals(Map.of("IndexName", "PendingJobs",
                "KeySchema", List.of(Map.of("AttributeName", "pending", "KeyType", "HASH"), Map.of("AttributeName", "pendingSince", "KeyType", "RANGE")),
                "Projection", Map.of("ProjectionType", "KEYS_ONLY")), indexes.get(0), "only open or unnotified jobs carry `pending`, keys only");
        Map<String, Object> index = map(indexes.get(1));
        assertEquals("ByCreatedAt", index.get("IndexName"));
        assertEquals(List.of(Map.of("AttributeName", "listKey", "KeyType", "HASH"), Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
                index.get("KeySchema"));
        assertEquals("INCLUDE", map(index.get("Projection")).get("ProjectionType"), "the listing projects a few attributes, not the items");
        assertEquals(Map.of("AttributeName", "ttl", "Enabled", true), table.get("TimeToLiveSpecification"));
        assertEquals(Map.of("PointInTimeRecoveryEnabled", true), table.get("PointInTimeRecoverySpecification"));
        assertEquals(Map.of("SSEEnabled", true), table.get("SSESpecification"));
    }

    @Test
    void topic_isEncrypted_andTheEmailSubscriptionIsOptional() {
        assertEquals("alias/aws/sns", template.properties("NotificationTopic").get("KmsMasterKeyId"));
        assertEquals("HasNotificationEmail", template.resource("NotificationEmailSubscription").get("Condition"));
        assertEquals("", map(map(template.raw().get("Parameters")).get("NotificationEmail")).get("Default"));
    }

    // ------------------------------------------------------------------ functions

    @Test
    void functions_areTheContractsSixteen_withTheirHandlers() {
        List<String> expected = new ArrayList<>();
        CONTRACT_FUNCTIONS.forEach(n -> expected.add(n + "Function"));
        API_FUNCTIONS.forEach(n -> expected.add(n + "Function"));
        assertEquals(new TreeSet<>(expected), functions.keySet());
        functions.forEach((id, props) -> {
            String name = id.substring(0, id.length() - "Function".length());
            assertEquals("dev.photoreel.functions." + name + "Handler::handleRequest", props.get("Handler"), id);
        });
    }

    @Test
    void everyHandler_isAPublicRequestStreamHandlerWithANoArgConstructor() throws ReflectiveOperationException {
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            String handler = (String) function.getValue().get("Handler");
            Class<?> type = ExceptionClasses.load(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type),
                    function.getKey() + ": " + type.getName() + " must implement RequestStreamHandler (raw JSON in and out)");
            assertTrue(java.lang.reflect.Modifier.isPublic(type.getConstructor().getModifiers()),
                    type.getName() + " needs a public no-arg constructor for the Lambda runtime");
        }
    }

    @Test
    void everyFunction_isJava21OnX86_withSnapStartOnTheLiveAlias_tracing_andABoundedTimeout() {
        functions.forEach((id, props) -> {
            assertEquals("java21", props.get("Runtime"), id);
            assertEquals(List.of("x86_64"), props.get("Architectures"), id);
            assertEquals("live", props.get("AutoPublishAlias"), id);
            // SnapStart does not support ephemeral storage above 512 MB, which the render function needs
            assertEquals(Map.of("ApplyOn", id.equals("RenderVideoFunction") ? "None" : "PublishedVersions"), props.get("SnapStart"), id);
            assertEquals("Active", props.get("Tracing"), id);
            assertEquals(".", props.get("CodeUri"), id);
            assertEquals("makefile", map(template.resource(id).get("Metadata")).get("BuildMethod"), id);
            int timeout = ((Number) props.get("Timeout")).intValue();
            assertTrue(timeout >= 1 && timeout <= 900, id);
        });
        assertEquals(900, functions.get("StreamInstructionFunction").get("Timeout"));
    }

    @Test
    void everyFunction_logsToTheStacksLogGroup_withRetention() {
        functions.forEach((id, props) -> assertEquals(Map.of("Ref", "FunctionsLogGroup"), map(map(props.get("LoggingConfig")).get("LogGroup")),
                id + " must log to the functions' log group (Globals.Function.LoggingConfig)"));
        template.resourcesOfType("AWS::Logs::LogGroup").forEach((id, group) ->
                assertEquals(Map.of("Ref", "LogRetentionDays"), map(group.get("Properties")).get("RetentionInDays"), id));
    }

    @Test
    void everyStateMachineTask_waitsAtLeastAsLongAsItsFunctionMayRun() throws IOException {
        JsonNode definition = template.definition();
        Pattern resource = Pattern.compile("^\\$\\{(\\w+)FunctionArn}$");
        definition.get("States").fields().forEachRemaining(e -> {
            Matcher m = resource.matcher(e.getValue().path("Resource").asText());
            if (m.matches()) {
                int functionTimeout = ((Number) functions.get(m.group(1) + "Function").get("Timeout")).intValue();
                assertTrue(e.getValue().path("TimeoutSeconds").asInt() >= functionTimeout,
                        e.getKey() + " would give up before its function's own timeout");
            }
        });
    }

    @Test
    void environment_setsExactlyTheContractsVariables_withTheOneOffsWhereTheyAreNeeded() {
        Set<String> contract = contractVariables();
        Set<String> set = new TreeSet<>();
        functions.keySet().forEach(id -> set.addAll(template.environment(id).keySet()));
        Set<String> expected = new TreeSet<>(contract);
        expected.removeAll(LOCAL_ONLY_VARIABLES);
        assertEquals(expected, set, "template variables vs docs/workflow-contract.md");
        functions.keySet().forEach(id -> {
            Map<String, Object> env = template.environment(id);
            for (String required : List.of("JOBS_TABLE", "MEDIA_BUCKET", "POWERTOOLS_SERVICE_NAME")) {
                assertTrue(env.containsKey(required), id + " lacks " + required);
            }
            assertEquals(NOTIFYING_FUNCTIONS.contains(id), env.containsKey("TOPIC_ARN"), id + " TOPIC_ARN");
            assertEquals(NOTIFYING_FUNCTIONS.contains(id), env.containsKey("WEBHOOK_SECRET_ARN"), id + " WEBHOOK_SECRET_ARN");
            assertEquals(Set.of("StartJobFunction", "ReconcileJobsFunction", "CreateJobFunction", "LaunchJobFunction", "CreateRevisionFunction").contains(id),
                    env.containsKey("STATE_MACHINE_ARN"), id + " STATE_MACHINE_ARN");
            assertEquals(id.equals("ReconcileJobsFunction"), env.containsKey("JOB_DEADLINE_SECONDS"), id + " JOB_DEADLINE_SECONDS");
        });
    }

    // ------------------------------------------------------------------ state machine, parameters, outputs

    @Test
    void stateMachine_isStandard_substitutesAliasArns_logsEverything_andTraces() {
        Map<String, Object> sm = template.properties("PhotoreelStateMachine");
        assertEquals("STANDARD", sm.get("Type"));
        assertEquals("statemachine/photoreel.asl.yaml", sm.get("DefinitionUri"));
        map(sm.get("DefinitionSubstitutions")).forEach((key, value) ->
                assertEquals(Map.of("Ref", key.replaceAll("Arn$", "") + ".Alias"), value, key));
        assertEquals("ALL", map(sm.get("Logging")).get("Level"));
        assertEquals(Map.of("Enabled", true), sm.get("Tracing"));
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-photoreel"), sm.get("Name"),
                "StartJob builds the ARN from this name");
    }

    @Test
    void parameters_configureTheVendorTheLoopsTheLimitsAndTheLinks() {
        Set<String> parameters = map(template.raw().get("Parameters")).keySet();
        assertTrue(parameters.containsAll(List.of("NemoApiBase", "NemoClientId", "NemoTokenSecretArn",
                "PollIntervalSeconds", "RenderTimeoutSeconds", "QuietPeriodSeconds", "MaxFileBytes", "MaxImages", "MaxImagePixels", "MaxGifFrames",
                "LinkExpirySeconds", "NotificationEmail", "LogRetentionDays")), parameters.toString());
    }

    @Test
    void outputs_nameTheBucketPrefixesTableTopicAndStateMachine() {
        assertTrue(map(template.raw().get("Outputs")).keySet().containsAll(Set.of("MediaBucketName", "UploadsPrefix", "VideosPrefix",
                "JobsTableName", "NotificationTopicArn", "StateMachineArn", "IntakeDeadLetterQueueArn", "OperationsTopicArn")),
                map(template.raw().get("Outputs")).keySet().toString());
    }

    // ------------------------------------------------------------------ reliability: guard, reconciler, alarms

    @Test
    void guard_isInvokedByARuleOnThisStateMachinesFailedTimedOutAndAbortedExecutions() {
        Map<String, Object> events = map(functions.get("GuardExecutionFunction").get("Events"));
        assertEquals(1, events.size(), "one trigger");
        Map<String, Object> rule = map(events.values().iterator().next());
        assertEquals("EventBridgeRule", rule.get("Type"));
        Map<String, Object> pattern = map(map(rule.get("Properties")).get("Pattern"));
        assertEquals(List.of("aws.states"), pattern.get("source"));
        assertEquals(List.of("Step Functions Execution Status Change"), pattern.get("detail-type"));
        Map<String, Object> detail = map(pattern.get("detail"));
        assertEquals(List.of("FAILED", "TIMED_OUT", "ABORTED"), detail.get("status"));
        assertEquals(List.of(Map.of("Ref", "PhotoreelStateMachine")), detail.get("stateMachineArn"), "this state machine only");
    }

    @Test
    void reconciler_runsOnASchedule_alone_withTheStateMachinesDeadline() throws IOException {
        Map<String, Object> props = functions.get("ReconcileJobsFunction");
        Map<String, Object> schedule = map(map(props.get("Events")).values().iterator().next());
        assertEquals("Schedule", schedule.get("Type"));
        assertTrue(String.valueOf(map(schedule.get("Properties")).get("Schedule")).matches("rate\\(\\d+ minutes?\\)"));
        assertEquals(1, props.get("ReservedConcurrentExecutions"), "runs never overlap");
        JsonNode definition = template.definition();
        assertEquals(definition.path("TimeoutSeconds").asText(), String.valueOf(template.environment("ReconcileJobsFunction")
                .get("JOB_DEADLINE_SECONDS")), "a job is stuck once its execution could no longer be running");
    }

    @Test
    void alarms_coverOperatorsFailures_guardAndReconcilerActions_lambdaErrors_andApiServerErrors_onTheOperationsTopic() {
        Map<String, Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        Set<String> metrics = new TreeSet<>();
        alarms.forEach((id, alarm) -> {
            Map<String, Object> props = map(alarm.get("Properties"));
            assertEquals(List.of(Map.of("Ref", "OperationsTopic")), props.get("AlarmActions"), id);
            assertEquals("notBreaching", props.get("TreatMissingData"), id + ": no data means nothing happened");
            assertNotNull(props.get("AlarmDescription"), id + " says what it means and what to do");
            if (props.containsKey("MetricName")) {
                metrics.add(props.get("Namespace") + "/" + props.get("MetricName"));
            }
            for (Object metric : asList(props.get("Metrics"))) {
                Map<String, Object> stat = map(map(map(metric).get("MetricStat")).get("Metric"));
                if (!stat.isEmpty()) {
                    metrics.add(stat.get("Namespace") + "/" + stat.get("MetricName"));
                }
            }
        });
        assertTrue(metrics.containsAll(Set.of("photoreel/JobsFailed", "AWS/States/ExecutionsTimedOut",
                "AWS/States/ExecutionsAborted", "photoreel/GuardActions", "photoreel/ReconcilerActions", "AWS/Lambda/Errors",
                "AWS/ApiGateway/5XXError")), metrics.toString());
        // a job refused for its input fails its execution too: that count would page the operator for every bad upload
        // (PowertoolsMetricsTest checks JobsFailedAlarm reads the operator's failures only)
        assertFalse(metrics.contains("AWS/States/ExecutionsFailed"), metrics.toString());
    }

    @Test
    void apiServerErrorsAlarm_readsTheJobsApisStage() {
        Map<String, Object> api = template.properties("JobsApi");
        Map<String, Object> alarm = template.properties("ApiServerErrorsAlarm");
        Map<String, Object> dimensions = new TreeMap<>();
        asList(alarm.get("Dimensions")).forEach(d -> dimensions.put(text(map(d).get("Name")), map(d).get("Value")));

        assertEquals(Map.of("ApiName", api.get("Name"), "Stage", api.get("StageName")), dimensions,
                "API Gateway publishes 5XXError under the API's name and stage");
    }

    // ------------------------------------------------------------------ helpers

    /** A concrete ARN: no wildcard in the service, region, account or resource type; "*" only after a named prefix. */
    private static void assertScopedArn(String source, String arn) {
        int star = arn.indexOf('*');
        if (star < 0) {
            return;
        }
        assertTrue(star == arn.length() - 1, source + ": a wildcard only at the end: " + arn);
        String prefix = arn.substring(0, star);
        assertTrue(prefix.endsWith("/") || prefix.endsWith(":"), source + ": " + arn);
        String named = prefix.substring(0, prefix.length() - 1);
        assertTrue(named.matches(".*[A-Za-z0-9}]$") && named.split(":").length >= 6 || named.contains(":s3:::")
                        || named.matches("\\$\\{[A-Za-z0-9]+\\.Arn}/[A-Za-z0-9/_-]+"),
                source + " ends in a wildcard without naming its resource: " + arn);
    }

    /** The variable names (first column, in backticks) of the contract's environment table. */
    static Set<String> contractVariables() {
        String contract = ProjectFiles.read("docs/workflow-contract.md");
        int start = contract.indexOf("## Environment variables");
        int end = contract.indexOf("\n## ", start + 1);
        Set<String> names = new TreeSet<>();
        for (String line : contract.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(line.substring(0, line.indexOf('|', 2)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertTrue(names.size() > 20, "could not read the contract's variable table");
        return names;
    }
}
