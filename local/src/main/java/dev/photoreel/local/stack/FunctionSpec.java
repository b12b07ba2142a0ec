package dev.photoreel.local.stack;

import java.util.Map;

/**
 * One Lambda function as the template declares it, resolved for the local stack.
 *
 * @param logicalId   the template's logical id, e.g. {@code StartJobFunction}
 * @param name        the function name the local Lambda endpoint answers to
 * @param handlerClass the handler class (the part of {@code Handler} before {@code ::})
 * @param timeoutSeconds the function's {@code Timeout}
 * @param memoryMb    the function's {@code MemorySize}
 * @param alias       the {@code AutoPublishAlias}, or null
 * @param environment the function's environment variables, Globals merged in, intrinsics resolved
 */
public record FunctionSpec(String logicalId, String name, String handlerClass, int timeoutSeconds, int memoryMb,
        String alias, Map<String, String> environment) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
