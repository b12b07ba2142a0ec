package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.stack.FunctionSpec;
import dev.photoreel.local.stack.PhotoreelStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start per function on the deployed jar: a fresh JVM per function, started as the local stack starts the
 * function's (its class path with {@link ColdStartProbe} in place of the runtime loop, the Lambda runtime's JVM flags, the
 * function's environment pointing at the bench's local stack), from JVM start to the first response to its
 * {@code events/} sample (a typed error counts as a response: the samples name jobs the stack does not have). Three
 * runs side by side: plain; after the SnapStart priming hook ({@code Priming.prime()}; on AWS it runs before the
 * snapshot, so what counts after a restore is the first invoke); and with the artifact's class data sharing archive,
 * as the local stack runs its functions (with the JVM's CPU time, the figure a shared machine does not blur).
 */
final class ColdStartRow {

    private enum Variant { PLAIN, PRIMED, SHARED }

    private ColdStartRow() {
    }

    static ObjectNode run(Path root, BenchStack s, Path logs) throws IOException, InterruptedException {
        Path jar = root.resolve("functions/target/photoreel-functions.jar");
        ObjectNode row = BenchReport.JSON.createObjectNode();
        if (!Files.isRegularFile(jar)) {
            row.put("note", "not built: mvn -pl functions -am package -DskipTests");
            return row;
        }
        Path probeDir = extractProbe(logs.resolve("cold-start-probe"));
        ObjectNode functions = row.putObject("functions");
        List<Double> plain = new ArrayList<>();
        List<Double> shared = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> sharedCpu = new ArrayList<>();
        List<Double> primedInvoke = new ArrayList<>();
        List<Double> plainInvoke = new ArrayList<>();
        for (FunctionSpec function : s.stack().template().functions()) {
            Path event = root.resolve("events/" + kebab(function.logicalId()) + ".json");
            if (!Files.isRegularFile(event)) {
                continue;
            }
            ObjectNode f = functions.putObject(function.logicalId());
            for (Variant variant : Variant.values()) {
                f.set(variant.name().toLowerCase(java.util.Locale.ROOT), probe(probeDir, function, event, variant, s, logs));
            }
            plain.add(f.path("plain").path("startToFirstResponseMs").asDouble());
            plainCpu.add(f.path("plain").path("cpuMs").asDouble());
            plainInvoke.add(f.path("plain").path("firstInvokeMs").asDouble());
            primedInvoke.add(f.path("primed").path("firstInvokeMs").asDouble());
            if (f.path("shared").has("cpuMs")) {
                shared.add(f.path("shared").path("startToFirstResponseMs").asDouble());
                sharedCpu.add(f.path("shared").path("cpuMs").asDouble());
            }
        }
        row.put("medianStartToFirstResponseMs", Stats.median(plain));
        row.put("medianCpuMs", Stats.median(plainCpu));
        row.put("medianFirstInvokeMs", Stats.median(plainInvoke));
        row.put("medianFirstInvokeAfterPrimingMs", Stats.median(primedInvoke));
        if (!shared.isEmpty()) {
            row.put("medianStartToFirstResponseSharedMs", Stats.median(shared));
            row.put("medianCpuSharedMs", Stats.median(sharedCpu));
        }
        return row;
    }

    private static JsonNode probe(Path probeDir, FunctionSpec function, Path event, Variant variant, BenchStack s, Path logs)
            throws IOException, InterruptedException {
        PhotoreelStack.FunctionLaunch launch = s.stack().functionLaunch(function.logicalId());
        if (variant == Variant.SHARED && launch.classDataFlags().isEmpty()) {
            return BenchReport.JSON.createObjectNode().put("note", "no class data sharing archive (see the stack's log)");
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        command.addAll(launch.runtimeFlags());
        if (variant == Variant.SHARED) {
            command.addAll(launch.classDataFlags());
        }
        List<String> classPath = new ArrayList<>(launch.classPath().stream().map(Path::toString).toList());
        classPath.add(probeDir.toString());
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), ColdStartProbe.class.getName(),
                function.handlerClass(), event.toString(), variant == Variant.PRIMED ? "prime" : "plain"));
        Map<String, String> env = s.stack().functionEnvironment(function.logicalId());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(logs.resolve("cold-start-" + function.logicalId() + ".err").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the cold start probe of " + function.logicalId() + " failed; see " + logs);
        }
        String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
        return BenchReport.JSON.readTree(last);
    }

    /** Writes {@link ColdStartProbe}'s class file into {@code dir}, so the probe JVM needs nothing else of this jar. */
    private static Path extractProbe(Path dir) throws IOException {
        String resource = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot read " + resource);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /** {@code CheckRenderFunction} → {@code check-render}. */
    static String kebab(String logicalId) {
        return logicalId.replaceAll("Function$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
