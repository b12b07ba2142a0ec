package dev.photoreel.local.stack;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Lambda {@link Context} of one local invocation: its remaining time counts down to the function's deadline. */
final class LocalContext implements Context {

    private final FunctionSpec function;
    private final String requestId;
    private final String invokedArn;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalContext(FunctionSpec function, String requestId, String invokedArn, long deadlineNanos) {
        this.function = function;
        this.requestId = requestId;
        this.invokedArn = invokedArn;
        this.deadlineNanos = deadlineNanos;
        Logger log = LoggerFactory.getLogger("lambda." + function.name());
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.info(message.strip());
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.name();
    }

    @Override
    public String getLogStreamName() {
        return "local/" + requestId;
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
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
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
