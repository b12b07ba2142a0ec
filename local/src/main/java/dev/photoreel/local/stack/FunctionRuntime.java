package dev.photoreel.local.stack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the template's functions in this JVM the way Lambda runs them: a handler instance per "container"
 * (created with its public no-arg constructor, reused while warm, one invocation at a time), a
 * {@link Context} whose remaining time counts down from the function's timeout, the invocation cut at
 * that timeout, and a thrown exception reported as an unhandled function error named by its fully
 * qualified class, which is what Step Functions' Retry and Catch match on.
 */
public final class FunctionRuntime implements AutoCloseable {

    /** The outcome of one invocation: the response payload, and the function error kind when it failed. */
    public record Invocation(byte[] payload, String functionError) {
        public boolean failed() {
            return functionError != null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntime.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, FunctionSpec> byName = new LinkedHashMap<>();
    private final Map<String, Deque<Object>> warm = new ConcurrentHashMap<>();
    private final Map<String, Duration> timeoutOverrides = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final Map<String, Deque<FunctionFault>> faults = new ConcurrentHashMap<>();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final ExecutorService executor;

    public FunctionRuntime(Collection<FunctionSpec> functions) {
        for (FunctionSpec function : functions) {
            byName.put(function.name(), function);
            byName.putIfAbsent(function.logicalId(), function);
            warm.put(function.name(), new ArrayDeque<>());
            invocations.put(function.name(), new AtomicInteger());
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Collection<FunctionSpec> functions() {
        return byName.values().stream().distinct().toList();
    }

    /**
     * Finds a function by name, logical id, or ARN ({@code arn:aws:lambda:r:a:function:Name[:qualifier]},
     * also partial {@code a:function:Name} and {@code Name:qualifier}).
     */
    public Optional<FunctionSpec> find(String nameOrArn) {
        String name = nameOrArn;
        int marker = name.indexOf("function:");
        if (marker >= 0) {
            name = name.substring(marker + "function:".length());
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return Optional.ofNullable(byName.get(name));
    }

    /** Makes a function's invocations time out after {@code timeout} instead of its template Timeout (tests). */
    public void overrideTimeout(String nameOrLogicalId, Duration timeout) {
        FunctionSpec function = find(nameOrLogicalId).orElseThrow(() -> new IllegalArgumentException("No function " + nameOrLogicalId));
        timeoutOverrides.put(function.name(), timeout);
    }

    public void clearTimeoutOverrides() {
        timeoutOverrides.clear();
    }

    /** How many times a function was invoked since the stack started. */
    public int invocationCount(String nameOrLogicalId) {
        return find(nameOrLogicalId).map(f -> invocations.get(f.name()).get()).orElse(0);
    }

    /** A fault the runtime injects into one invocation, before the handler runs (so the handler has no effect). */
    public enum FunctionFault {
        /** The runtime process dies: a function error {@code Runtime.ExitError}, as when the JVM crashes or runs out of memory. */
        CRASH,
        /** The invocation outlives its timeout: {@code Sandbox.Timedout}, as Lambda reports it. */
        TIMEOUT
    }

    /** Makes the function's next {@code count} invocations fail with {@code fault} (fault injection). */
    public void injectFault(String nameOrLogicalId, FunctionFault fault, int count) {
        FunctionSpec function = find(nameOrLogicalId).orElseThrow(() -> new IllegalArgumentException("No function " + nameOrLogicalId));
        Deque<FunctionFault> queue = faults.computeIfAbsent(function.name(), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    /** How many invocations failed with an injected fault since the start. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    /** Removes every injected fault not yet used. */
    public void clearFaults() {
        faults.clear();
    }

    /** Invokes a function synchronously with a raw payload, as the Lambda Invoke API does. */
    public Invocation invoke(FunctionSpec function, byte[] payload, String invokedArn) {
        invocations.get(function.name()).incrementAndGet();
        FunctionFault fault = Optional.ofNullable(faults.get(function.name())).map(Deque::poll).orElse(null);
        if (fault != null) {
            faultsInjected.incrementAndGet();
            return injected(function, fault);
        }
        Duration timeout = timeoutOverrides.getOrDefault(function.name(), Duration.ofSeconds(function.timeoutSeconds()));
        String requestId = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        Object[] handler = new Object[1];
        Future<byte[]> result = executor.submit(() -> {
            MDC.put("function", function.name());
            MDC.put("requestId", requestId);
            try {
                handler[0] = takeWarm(function);
                return call(handler[0], payload, new LocalContext(function, requestId, invokedArn, deadline));
            } finally {
                MDC.clear();
            }
        });
        try {
            byte[] output = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            release(function, handler[0]);
            return new Invocation(output, null);
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.warn("Function timed out: function={} requestId={} timeoutSeconds={}", function.name(), requestId, timeout.toSeconds());
            return new Invocation(error("Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after " + timeout.toSeconds() + ".00 seconds", null), "Unhandled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            release(function, handler[0]);
            LOG.info("Function error: function={} requestId={} errorType={} message={}", function.name(), requestId,
                    cause.getClass().getName(), cause.getMessage());
            return new Invocation(error(cause.getClass().getName(), cause.getMessage(), cause), "Unhandled");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            return new Invocation(error("Runtime.Interrupted", "The local stack is stopping", null), "Unhandled");
        }
    }

    private Invocation injected(FunctionSpec function, FunctionFault fault) {
        String requestId = UUID.randomUUID().toString();
        LOG.warn("Injected fault: function={} requestId={} fault={}", function.name(), requestId, fault);
        return switch (fault) {
            case CRASH -> new Invocation(error("Runtime.ExitError",
                    "RequestId: " + requestId + " Error: Runtime exited with error: signal: killed (injected by the local stack)", null), "Unhandled");
            case TIMEOUT -> new Invocation(error("Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after " + function.timeoutSeconds() + ".00 seconds (injected by the local stack)",
                    null), "Unhandled");
        };
    }

    private void release(FunctionSpec function, Object handler) {
        if (handler != null) {
            Deque<Object> idle = warm.get(function.name());
            synchronized (idle) {
                idle.push(handler);
            }
        }
    }

    private Object takeWarm(FunctionSpec function) {
        Deque<Object> idle = warm.get(function.name());
        synchronized (idle) {
            Object handler = idle.poll();
            if (handler != null) {
                return handler;
            }
        }
        try {
            Class<?> type = Class.forName(function.handlerClass(), true, Thread.currentThread().getContextClassLoader());
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Cannot create handler " + function.handlerClass() + " of " + function.logicalId()
                    + " (is photoreel-functions on the classpath, and its environment complete?): " + cause, cause);
        }
    }

    private static byte[] call(Object handler, byte[] payload, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }
        if (handler instanceof RequestHandler<?, ?>) {
            Method method = requestHandlerMethod(handler.getClass());
            Object input = JSON.readValue(payload, method.getParameterTypes()[0]);
            try {
                return JSON.writeValueAsBytes(method.invoke(handler, input, context));
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
        throw new IllegalStateException(handler.getClass().getName() + " implements neither RequestStreamHandler nor RequestHandler");
    }

    private static Method requestHandlerMethod(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 2 && !method.isBridge()) {
                return method;
            }
        }
        throw new IllegalStateException(type.getName() + " has no handleRequest(input, Context)");
    }

    private static byte[] error(String type, String message, Throwable cause) {
        ObjectNode body = JSON.createObjectNode();
        body.put("errorMessage", message == null ? type : message);
        body.put("errorType", type);
        ArrayNode trace = body.putArray("stackTrace");
        if (cause != null) {
            List.of(cause.getStackTrace()).stream().limit(20).forEach(frame -> trace.add(frame.toString()));
            if (cause.getCause() != null) {
                ObjectNode nested = body.putObject("cause");
                nested.put("errorMessage", String.valueOf(cause.getCause().getMessage()));
                nested.put("errorType", cause.getCause().getClass().getName());
            }
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
