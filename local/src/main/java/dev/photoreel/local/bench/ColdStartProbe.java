package dev.photoreel.local.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM with only the deployed functions jar (and this class) on the class path: loads one handler,
 * optionally runs the SnapStart priming hook first, invokes the handler once with an event, and prints one JSON line
 * of timings and of the CPU time the JVM had used by the first response. Uses nothing but the JDK, so it adds nothing
 * to what the handler's cold start loads. Arguments: {@code <handler class> <event file> prime|plain}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long primeMs = -1;
        if ("prime".equals(args[2])) {
            long t = System.nanoTime();
            Method prime = Class.forName("dev.photoreel.functions.Priming").getDeclaredMethod("prime");
            prime.setAccessible(true);
            prime.invoke(null);
            primeMs = (System.nanoTime() - t) / 1_000_000;
        }
        long readyAt = System.currentTimeMillis();
        Class<?> type = Class.forName(args[0]);
        Object handler = type.getConstructor().newInstance();
        long constructedAt = System.currentTimeMillis();
        Class<?> contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context");
        Object context = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {contextType}, (proxy, method, a) -> switch (method.getName()) {
            case "getRemainingTimeInMillis" -> 900_000;
            case "getMemoryLimitInMB" -> 1024;
            case "getAwsRequestId" -> "cold-start-probe";
            case "getFunctionName" -> type.getSimpleName();
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + type.getSimpleName();
            case "toString" -> "ColdStartProbeContext";
            case "hashCode" -> 0;
            case "equals" -> proxy == a[0];
            default -> null;
        });
        Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType);
        String outcome = "response";
        try {
            handle.invoke(handler, new ByteArrayInputStream(event), new ByteArrayOutputStream(), context);
        } catch (InvocationTargetException e) {
            outcome = "error " + e.getCause().getClass().getSimpleName();
        }
        long respondedAt = System.currentTimeMillis();
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        System.out.println("{\"jvmStartToMainMs\":" + (mainAt - jvmStart) + ",\"primeMs\":" + primeMs + ",\"cpuMs\":" + cpuMs
                + ",\"constructMs\":" + (constructedAt - readyAt) + ",\"firstInvokeMs\":" + (respondedAt - constructedAt)
                + ",\"startToFirstResponseMs\":" + (respondedAt - jvmStart) + ",\"outcome\":\"" + outcome.replace("\"", "'") + "\"}");
        System.exit(0);
    }
}
