package dev.photoreel.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;

/**
 * Does locally what EventBridge does in AWS for the rules and schedules {@code template.yaml} declares on its
 * functions (moto emits no events and runs no schedules): it watches the local state machine's executions
 * (ListExecutions with a status filter, once a second) and, for each execution that reached a status, builds the
 * "Step Functions Execution Status Change" event exactly as EventBridge shapes it and invokes every function whose
 * rule pattern matches, asynchronously with Lambda's two retries; and it invokes each scheduled function on its
 * {@code rate(...)} (or on the local override) with a "Scheduled Event".
 */
public final class LocalEventBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventBridge.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    static final String STATUS_CHANGE = "Step Functions Execution Status Change";
    private static final List<String> STATUSES = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");
    private static final Pattern RATE = Pattern.compile("^rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)$");
    private static final int ASYNC_RETRIES = 2;

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final FunctionRuntime runtime;
    private final List<SamTemplate.EventRule> rules;
    private final List<SamTemplate.ScheduleSpec> schedules;
    private final Duration scheduleOverride;
    private final Duration pollInterval;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService invokers;

    /**
     * @param scheduleOverride run every schedule at this interval instead of its own rate (null: the template's rate)
     */
    public LocalEventBridge(SfnClient sfn, String stateMachineArn, FunctionRuntime runtime, List<SamTemplate.EventRule> rules,
            List<SamTemplate.ScheduleSpec> schedules, Duration scheduleOverride, Duration pollInterval) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.runtime = runtime;
        this.rules = List.copyOf(rules);
        this.schedules = List.copyOf(schedules);
        this.scheduleOverride = scheduleOverride;
        this.pollInterval = pollInterval;
        for (SamTemplate.EventRule rule : rules) {
            requireFunction(rule.functionLogicalId());
        }
        for (SamTemplate.ScheduleSpec schedule : schedules) {
            requireFunction(schedule.functionLogicalId());
        }
        AtomicInteger threads = new AtomicInteger();
        this.timers = Executors.newScheduledThreadPool(1 + schedules.size(), r -> daemon(r, "eventbridge-timer-" + threads.incrementAndGet()));
        this.invokers = Executors.newCachedThreadPool(r -> daemon(r, "eventbridge-invoke-" + threads.incrementAndGet()));
    }

    /** Starts watching executions (when a rule listens to Step Functions) and running the schedules. */
    public LocalEventBridge start() {
        if (rules.stream().anyMatch(r -> matchesSource(r.pattern(), "aws.states"))) {
            markExisting();
            timers.scheduleWithFixedDelay(this::pollExecutions, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (SamTemplate.ScheduleSpec schedule : schedules) {
            if (!schedule.enabled()) {
                continue;
            }
            Duration every = scheduleOverride != null ? scheduleOverride : rate(schedule.expression());
            timers.scheduleWithFixedDelay(() -> runSchedule(schedule), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Local schedule: function={} expression={} every={}s", schedule.functionLogicalId(), schedule.expression(),
                    every.toMillis() / 1000.0);
        }
        return this;
    }

    /** How many events were delivered to a function (every attempt counts once). */
    public int deliveries(String functionLogicalId) {
        return deliveries.computeIfAbsent(functionLogicalId, k -> new AtomicInteger()).get();
    }

    /** The interval of a {@code rate(N unit)} expression; {@code cron(...)} needs the local override. */
    static Duration rate(String expression) {
        Matcher m = RATE.matcher(expression == null ? "" : expression.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("The local stack runs schedules written as rate(N minutes|hours|days), not '"
                    + expression + "': set StackOptions.withScheduleInterval to run it locally");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    // ------------------------------------------------------------------ executions

    private void markExisting() {
        for (String status : statusesToWatch()) {
            listExecutions(status).forEach(e -> seen.add(e.executionArn() + "#" + status));
        }
    }

    private void pollExecutions() {
        try {
            for (String status : statusesToWatch()) {
                for (ExecutionListItem execution : listExecutions(status)) {
                    if (seen.add(execution.executionArn() + "#" + status)) {
                        publish(statusChangeEvent(sfn.describeExecution(b -> b.executionArn(execution.executionArn()))));
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Local EventBridge: watching executions failed, trying again: {}", e.toString());
        }
    }

    private List<ExecutionListItem> listExecutions(String status) {
        List<ExecutionListItem> all = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListExecutionsResponse page = sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).statusFilter(status).maxResults(100)
                    .nextToken(next));
            all.addAll(page.executions());
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    /** The statuses some rule's {@code detail.status} names (all terminal ones when a rule does not filter by status). */
    private Set<String> statusesToWatch() {
        Set<String> statuses = new LinkedHashSet<>();
        for (SamTemplate.EventRule rule : rules) {
            Object detail = rule.pattern().get("detail");
            Object status = detail instanceof Map<?, ?> d ? d.get("status") : null;
            if (status instanceof List<?> list) {
                list.forEach(s -> statuses.add(String.valueOf(s)));
            } else {
                statuses.addAll(STATUSES);
            }
        }
        statuses.retainAll(STATUSES);
        return statuses;
    }

    /** The event EventBridge delivers for a Step Functions execution's status change. */
    static ObjectNode statusChangeEvent(DescribeExecutionResponse execution) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", STATUS_CHANGE);
        event.put("source", "aws.states");
        event.put("account", SamTemplate.ACCOUNT_ID);
        Instant time = execution.stopDate() != null ? execution.stopDate() : Instant.now();
        event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", SamTemplate.REGION);
        event.putArray("resources").add(execution.executionArn());
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", execution.stateMachineArn());
        detail.put("name", execution.name());
        detail.put("status", execution.statusAsString());
        putMillis(detail, "startDate", execution.startDate());
        putMillis(detail, "stopDate", execution.stopDate());
        putText(detail, "input", execution.input());
        putText(detail, "output", execution.output());
        detail.putObject("inputDetails").put("included", true);
        if (execution.output() == null) {
            detail.putNull("outputDetails");
        } else {
            detail.putObject("outputDetails").put("included", true);
        }
        putText(detail, "error", execution.error());
        putText(detail, "cause", execution.cause());
        return event;
    }

    private static void putMillis(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, instant.toEpochMilli());
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** Delivers an event to every function whose rule matches it. */
    void publish(JsonNode event) {
        for (SamTemplate.EventRule rule : rules) {
            if (EventPattern.matches(rule.pattern(), event)) {
                deliver(rule.functionLogicalId(), event);
            }
        }
    }

    // ------------------------------------------------------------------ schedules

    private void runSchedule(SamTemplate.ScheduleSpec schedule) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", SamTemplate.ACCOUNT_ID);
        event.put("time", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", SamTemplate.REGION);
        event.putArray("resources").add("arn:aws:events:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":rule/"
                + SamTemplate.STACK_NAME + "-" + schedule.functionLogicalId() + schedule.eventName());
        event.putObject("detail");
        // a schedule's run waits for the previous one (fixed delay), like a function with reserved concurrency 1
        invoke(schedule.functionLogicalId(), event);
    }

    // ------------------------------------------------------------------ invocation

    private void deliver(String functionLogicalId, JsonNode event) {
        invokers.submit(() -> invoke(functionLogicalId, event));
    }

    private void invoke(String functionLogicalId, JsonNode event) {
        FunctionSpec function = requireFunction(functionLogicalId);
        byte[] payload = event.toString().getBytes(StandardCharsets.UTF_8);
        String arn = "arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:" + function.name();
        for (int attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
            deliveries.computeIfAbsent(functionLogicalId, k -> new AtomicInteger()).incrementAndGet();
            try {
                FunctionRuntime.Invocation result = runtime.invoke(function, payload, arn);
                if (!result.failed()) {
                    return;
                }
                LOG.warn("Local EventBridge: {} failed (attempt {} of {}): {}", functionLogicalId, attempt + 1, ASYNC_RETRIES + 1,
                        new String(result.payload(), StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.warn("Local EventBridge: invoking {} failed: {}", functionLogicalId, e.toString());
                return;
            }
        }
    }

    private FunctionSpec requireFunction(String logicalId) {
        return runtime.find(logicalId).orElseThrow(() -> new IllegalArgumentException("No function " + logicalId + " for its EventBridge event"));
    }

    private static boolean matchesSource(Map<String, Object> pattern, String source) {
        Object sources = pattern.get("source");
        return sources == null || (sources instanceof List<?> list && list.contains(source));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        invokers.shutdownNow();
    }

    /** EventBridge event pattern matching: exact values, {@code prefix}, {@code anything-but}, {@code exists}; nested objects. */
    static final class EventPattern {
        private EventPattern() {
        }

        static boolean matches(Map<String, Object> pattern, JsonNode event) {
            for (Map.Entry<String, Object> entry : pattern.entrySet()) {
                JsonNode value = event.path(entry.getKey());
                Object expected = entry.getValue();
                if (expected instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> inner = (Map<String, Object>) nested;
                    if (!value.isObject() || !matches(inner, value)) {
                        return false;
                    }
                } else if (expected instanceof List<?> allowed) {
                    if (!matchesAny(allowed, value)) {
                        return false;
                    }
                } else {
                    throw new IllegalArgumentException("Event pattern values are arrays or objects, found " + expected);
                }
            }
            return true;
        }

        private static boolean matchesAny(List<?> allowed, JsonNode value) {
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesAny(allowed, element)) {
                        return true;
                    }
                }
                return false;
            }
            for (Object candidate : allowed) {
                if (candidate instanceof Map<?, ?> rule) {
                    if (matchesRule(rule, value)) {
                        return true;
                    }
                } else if (candidate == null ? value.isNull() : !value.isMissingNode() && !value.isNull()
                        && String.valueOf(candidate).equals(value.asText())) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matchesRule(Map<?, ?> rule, JsonNode value) {
            if (rule.containsKey("prefix")) {
                return value.isTextual() && value.asText().startsWith(String.valueOf(rule.get("prefix")));
            }
            if (rule.containsKey("exists")) {
                return Boolean.parseBoolean(String.valueOf(rule.get("exists"))) != value.isMissingNode();
            }
            if (rule.containsKey("anything-but")) {
                Object excluded = rule.get("anything-but");
                List<?> values = excluded instanceof List<?> l ? l : List.of(excluded);
                return !value.isMissingNode() && values.stream().noneMatch(v -> String.valueOf(v).equals(value.asText()));
            }
            throw new IllegalArgumentException("The local EventBridge does not support the pattern operator " + rule.keySet());
        }
    }
}
