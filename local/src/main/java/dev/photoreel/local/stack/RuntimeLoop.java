package dev.photoreel.local.stack;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Lambda Java runtime's loop, run in a function's own JVM by the local stack (what the runtime interface client
 * does on Lambda). Init: creates the handler named by {@code _HANDLER} with its public no-arg constructor, once, and
 * reports a failure to {@code /runtime/init/error}. Then, forever, on {@code AWS_LAMBDA_MAX_CONCURRENCY} threads (one when
 * unset, as on classic Lambda): fetches the next invocation from the Runtime API at
 * {@code AWS_LAMBDA_RUNTIME_API} ({@code /2018-06-01/runtime/invocation/next}), runs it, and posts the handler's output
 * to {@code .../response} or its exception to {@code .../error} (type: the exception's fully qualified class name).
 *
 * <p>It needs nothing but the JDK and the function's artifact ({@code aws-lambda-java-core}; Jackson only for a
 * {@link RequestHandler}): {@link FunctionSandbox} writes this one class, as {@code runtime-loop.jar}, next to the
 * artifact, so no other class of the local stack is on the function's class path. It stops when the stack is gone (the Runtime API unreachable, or
 * its parent process ended). An instance is the {@link Context} of one invocation. With {@link #INIT_ONLY} it only
 * creates the handlers it is given and exits: the run {@link ClassDataArchives} records an archive from.
 */
public final class RuntimeLoop implements Context, LambdaLogger {

    /** The artifact's Jackson ObjectMapper for a {@link RequestHandler}'s input and output, made once at init. */
    private static Object mapper;

    private final String requestId;
    private final String invokedArn;
    private final long deadlineEpochMillis;

    private RuntimeLoop(String requestId, String invokedArn, long deadlineEpochMillis) {
        this.requestId = requestId;
        this.invokedArn = invokedArn;
        this.deadlineEpochMillis = deadlineEpochMillis;
    }

    /**
     * The argument of class data sharing's recording run ({@link ClassDataArchives}): creates each handler named after it
     * (and the Jackson mapper), as a function's init would, and exits, polling nothing.
     */
    static final String INIT_ONLY = "--init-only";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(INIT_ONLY)) {
            initOnly(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        Object handler;
        try {
            handler = createHandler(System.getenv("_HANDLER"));
            if (handler instanceof RequestHandler<?, ?>) {
                mapper = Class.forName("com.fasterxml.jackson.databind.ObjectMapper").getConstructor().newInstance();
            }
        } catch (Throwable e) {
            Throwable cause = unwrap(e);
            byte[] error = errorJson(cause);
            // the init error in the function's log, as the Lambda runtime writes it
            System.err.println(new String(error, StandardCharsets.UTF_8));
            post(api + "/init/error", error, cause.getClass().getName());
            System.exit(1);
            return;
        }
        int pollers = concurrency();
        for (int i = 1; i < pollers; i++) {
            Thread poller = new Thread(() -> serve(api, handler), "lambda-runtime-" + i);
            poller.start();
        }
        serve(api, handler);
    }

    /** Creates each handler; one that fails is reported on standard error and the others are still created. */
    private static void initOnly(String[] handlers) {
        for (String name : handlers) {
            try {
                if (createHandler(name) instanceof RequestHandler<?, ?> && mapper == null) {
                    mapper = Class.forName("com.fasterxml.jackson.databind.ObjectMapper").getConstructor().newInstance();
                }
            } catch (Throwable e) {
                System.err.println("init of " + name + " failed: " + unwrap(e));
            }
        }
        System.exit(0);
    }

    /** How many invocations run at once: {@code AWS_LAMBDA_MAX_CONCURRENCY} (Lambda Managed Instances), else one. */
    private static int concurrency() {
        String value = System.getenv("AWS_LAMBDA_MAX_CONCURRENCY");
        return value == null || value.isBlank() ? 1 : Math.max(1, Integer.parseInt(value.trim()));
    }

    /** One poller: fetches the next invocation, runs it and posts its outcome, until the stack is gone. */
    private static void serve(String api, Object handler) {
        while (true) {
            HttpURLConnection next;
            byte[] payload;
            try {
                next = (HttpURLConnection) new URL(api + "/invocation/next").openConnection();
                next.setReadTimeout(0);
                try (InputStream in = next.getInputStream()) {
                    payload = in.readAllBytes();
                }
            } catch (IOException stackGone) {
                System.exit(0);
                return;
            }
            String requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
            RuntimeLoop context = new RuntimeLoop(requestId, next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"),
                    Long.parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms")));
            String invocation = api + "/invocation/" + requestId;
            try {
                post(invocation + "/response", invoke(handler, payload, context), null);
            } catch (Throwable e) {
                Throwable cause = unwrap(e);
                post(invocation + "/error", errorJson(cause), cause.getClass().getName());
                if (cause instanceof VirtualMachineError) {
                    System.exit(1);
                }
            }
        }
    }

    private static Object createHandler(String handler) throws ReflectiveOperationException {
        if (handler == null || handler.isBlank()) {
            throw new IllegalStateException("_HANDLER is not set: the local stack sets it from the function's Handler");
        }
        int colons = handler.indexOf("::");
        String className = colons < 0 ? handler : handler.substring(0, colons);
        return Class.forName(className, true, ClassLoader.getSystemClassLoader()).getConstructor().newInstance();
    }

    private static byte[] invoke(Object handler, byte[] payload, RuntimeLoop context) throws Throwable {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }
        if (handler instanceof RequestHandler<?, ?>) {
            return invokeWithJackson(handler, payload, context);
        }
        throw new IllegalStateException(handler.getClass().getName() + " implements neither RequestStreamHandler nor RequestHandler");
    }

    /** A {@link RequestHandler}: input and output as JSON through the artifact's own Jackson, as the Lambda Java runtime does. */
    private static byte[] invokeWithJackson(Object handler, byte[] payload, RuntimeLoop context) throws Throwable {
        Method handle = null;
        for (Method method : handler.getClass().getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 2 && !method.isBridge()) {
                handle = method;
            }
        }
        if (handle == null) {
            throw new IllegalStateException(handler.getClass().getName() + " has no handleRequest(input, Context)");
        }
        Class<?> mapperType = mapper.getClass();
        try {
            Object input = mapperType.getMethod("readValue", byte[].class, Class.class).invoke(mapper, payload, handle.getParameterTypes()[0]);
            Object output = handle.invoke(handler, input, context);
            return (byte[]) mapperType.getMethod("writeValueAsBytes", Object.class).invoke(mapper, output);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof InvocationTargetException || cause instanceof ExceptionInInitializerError) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void post(String url, byte[] body, String errorType) {
        try {
            HttpURLConnection post = (HttpURLConnection) new URL(url).openConnection();
            post.setRequestMethod("POST");
            post.setDoOutput(true);
            post.setFixedLengthStreamingMode(body.length);
            if (errorType != null) {
                post.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
            }
            try (OutputStream out = post.getOutputStream()) {
                out.write(body);
            }
            post.getInputStream().readAllBytes();
        } catch (IOException stackGone) {
            System.exit(0);
        }
    }

    /** The body Lambda reports for an unhandled error: message, type, stack trace, and the cause's message and type. */
    static byte[] errorJson(Throwable error) {
        StringBuilder json = new StringBuilder("{\"errorMessage\":").append(quote(error.getMessage() == null ? error.getClass().getName() : error.getMessage()))
                .append(",\"errorType\":").append(quote(error.getClass().getName())).append(",\"stackTrace\":[");
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(20, frames.length); i++) {
            json.append(i == 0 ? "" : ",").append(quote(frames[i].toString()));
        }
        json.append(']');
        if (error.getCause() != null) {
            json.append(",\"cause\":{\"errorMessage\":").append(quote(String.valueOf(error.getCause().getMessage())))
                    .append(",\"errorType\":").append(quote(error.getCause().getClass().getName())).append('}');
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
    }

    @Override
    public String getLogStreamName() {
        return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
    }

    @Override
    public String getFunctionName() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    }

    @Override
    public String getFunctionVersion() {
        return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineEpochMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
    }

    @Override
    public LambdaLogger getLogger() {
        return this;
    }

    @Override
    public void log(String message) {
        System.out.println(message.strip());
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
