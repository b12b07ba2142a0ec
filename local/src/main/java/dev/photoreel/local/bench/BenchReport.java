package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.local.Json;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures: one JSON object ({@code --json}) and the same as tables for people. */
public final class BenchReport {

    static final ObjectMapper JSON = Json.MAPPER;

    private final ObjectNode root = JSON.createObjectNode();

    public BenchReport() {
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        root.putObject("rows");
    }

    public void row(String name, JsonNode row) {
        ((ObjectNode) root.get("rows")).set(name, row);
    }

    public ObjectNode json() {
        return root;
    }

    void printJson(PrintStream out) throws com.fasterxml.jackson.core.JsonProcessingException {
        out.println(JSON.writeValueAsString(root));
    }

    public void printTables(PrintStream out) {
        JsonNode rows = root.path("rows");
        out.printf(Locale.ROOT, "photoreel bench (%d cores, Java %s)%n", root.path("cores").asInt(), root.path("java").asText());
        if (rows.has("overhead")) {
            JsonNode o = rows.get("overhead");
            out.println();
            out.printf(Locale.ROOT, "Orchestration overhead (%d runs each, alternating; canned %.0f s renders, %d s polls)%n",
                    o.path("runs").asInt(), o.path("cannedRenderSeconds").asDouble(), o.path("pollIntervalSeconds").asInt());
            out.printf(Locale.ROOT, "  %-44s %8.2f s   %s%n", "local stack, upload to notification (median)", o.path("stackMedianSeconds").asDouble(),
                    o.path("stackSeconds"));
            out.printf(Locale.ROOT, "  %-44s %8.2f s   %s%n", "bare vendor sequence (median)", o.path("bareMedianSeconds").asDouble(), o.path("bareSeconds"));
            out.printf(Locale.ROOT, "  %-44s %8.2f x%n", "ratio stack / bare", o.path("ratio").asDouble());
            out.printf(Locale.ROOT, "  %-44s %8.0f (history events %.0f)%n", "state transitions per execution (median)",
                    o.path("stateTransitionsMedian").asDouble(), o.path("historyEventsMedian").asDouble());
            if (o.has("stackStateSeconds")) {
                out.println("  where the time goes (median s): the stack's states (each summed over its loop) | the bare sequence's phases");
                List<Map.Entry<String, JsonNode>> stack = entries(o.path("stackStateSeconds"));
                List<Map.Entry<String, JsonNode>> bare = entries(o.path("barePhaseSeconds"));
                for (int i = 0; i < Math.max(stack.size(), bare.size()); i++) {
                    out.printf(Locale.ROOT, "    %-42s %s%n", i < stack.size() ? String.format(Locale.ROOT, "%-36s %5.2f", stack.get(i).getKey(),
                            stack.get(i).getValue().asDouble()) : "", i < bare.size() ? String.format(Locale.ROOT, "| %-20s %5.2f",
                            bare.get(i).getKey(), bare.get(i).getValue().asDouble()) : "");
                }
            }
        }
        if (rows.has("polling")) {
            JsonNode p = rows.get("polling");
            out.println();
            out.println("Render-poll delay (render finished -> notification), production-like intervals, canned renders");
            out.printf(Locale.ROOT, "  %-34s %-26s %-26s%n", "", "fixed", "progress-based");
            out.printf(Locale.ROOT, "  %-34s %-26s %-26s%n", "settings", p.path("fixed").path("settings").asText(),
                    p.path("progress").path("settings").asText());
            line(out, "median delay (s)", p, "medianDelaySeconds");
            line(out, "max delay (s)", p, "maxDelaySeconds");
            line(out, "median state transitions", p, "medianStateTransitions");
            line(out, "median render polls", p, "medianRenderPolls");
            line(out, "median render-loop transitions", p, "medianRenderLoopTransitions");
            JsonNode fixedJobs = p.path("fixed").path("jobs");
            JsonNode progressJobs = p.path("progress").path("jobs");
            for (int i = 0; i < fixedJobs.size(); i++) {
                JsonNode f = fixedJobs.get(i);
                JsonNode g = progressJobs.path(i);
                out.printf(Locale.ROOT, "  %-34s %-26s %-26s%n", String.format(Locale.ROOT, "  %.0f s render: delay/polls/loop/all",
                        f.path("renderSeconds").asDouble()), job(f), job(g));
            }
            out.printf(Locale.ROOT, "  ratio progress / fixed: delay %.2f x, render-loop transitions %.2f x, all transitions %.2f x%n",
                    p.path("delayRatio").asDouble(), p.path("renderLoopTransitionsRatio").asDouble(), p.path("transitionsRatio").asDouble());
            out.println("  (all transitions also count the draft-check loop, which varies with the edit, not with the polling)");
        }
        if (rows.has("concurrency")) {
            JsonNode c = rows.get("concurrency");
            out.println();
            out.printf(Locale.ROOT, "Concurrency: %d jobs at once (canned %.0f s renders)%n", c.path("jobs").asInt(), c.path("cannedRenderSeconds").asDouble());
            out.printf(Locale.ROOT, "  completed %d, failed %d, unfinished %d; executions %d, notifications %d%n", c.path("completed").asInt(),
                    c.path("failed").asInt(), c.path("unfinished").asInt(), c.path("executions").asInt(), c.path("notifications").asInt());
            out.printf(Locale.ROOT, "  vendor tokens minted: %d (before the row: %d) -> %s%n", c.path("tokensMinted").asInt(),
                    c.path("tokensMintedBefore").asInt(), c.path("oneSharedToken").asBoolean()
                            ? "one shared token for all " + c.path("jobs").asInt() + " jobs" : "NOT one shared token");
            out.printf(Locale.ROOT, "  wall %.1f s, latency p50 %.1f s, p95 %.1f s, %.1f jobs/minute, %.0f state transitions per execution%n",
                    c.path("wallSeconds").asDouble(), c.path("p50Seconds").asDouble(), c.path("p95Seconds").asDouble(),
                    c.path("jobsPerMinute").asDouble(), c.path("stateTransitionsMedian").asDouble());
            out.println("  where the time goes (per stage, median / p95 s):");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("stages").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> stage = it.next();
                out.printf(Locale.ROOT, "    %-32s %6.2f / %6.2f  (%d jobs)%n", stage.getKey(), stage.getValue().path("medianSeconds").asDouble(),
                        stage.getValue().path("p95Seconds").asDouble(), stage.getValue().path("jobs").asInt());
            }
        }
        if (rows.has("coldstart")) {
            JsonNode c = rows.get("coldstart");
            out.println();
            out.println("Cold start per function (fresh JVM, deployed jar, the Lambda runtime's JVM flags; JVM start to first response,");
            out.println("first invoke and the JVM's CPU time to its first response, ms; shared: with the artifact's class data archive)");
            out.printf(Locale.ROOT, "  %-28s %8s %8s %8s %8s %8s %8s %8s  %s%n", "function", "plain", "cpu", "shared", "cpu",
                    "invoke", "primed", "prime", "outcome");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("functions").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode plain = f.getValue().path("plain");
                JsonNode primed = f.getValue().path("primed");
                JsonNode shared = f.getValue().path("shared");
                out.printf(Locale.ROOT, "  %-28s %8d %8d %8s %8s %8d %8d %8d  %s%n", f.getKey(), plain.path("startToFirstResponseMs").asLong(),
                        plain.path("cpuMs").asLong(), shared.path("startToFirstResponseMs").asText("-"), shared.path("cpuMs").asText("-"),
                        plain.path("firstInvokeMs").asLong(), primed.path("firstInvokeMs").asLong(), primed.path("primeMs").asLong(),
                        plain.path("outcome").asText());
            }
            out.printf(Locale.ROOT, "  median: JVM start to first response %.0f ms; first invoke %.0f ms plain, %.0f ms after priming%n",
                    c.path("medianStartToFirstResponseMs").asDouble(), c.path("medianFirstInvokeMs").asDouble(),
                    c.path("medianFirstInvokeAfterPrimingMs").asDouble());
            if (c.has("medianCpuSharedMs")) {
                out.printf(Locale.ROOT, "  median with the class data archive: %.0f ms to first response (ratio %.2f), %.0f ms CPU (ratio %.2f)%n",
                        c.path("medianStartToFirstResponseSharedMs").asDouble(),
                        c.path("medianStartToFirstResponseSharedMs").asDouble() / c.path("medianStartToFirstResponseMs").asDouble(),
                        c.path("medianCpuSharedMs").asDouble(), c.path("medianCpuSharedMs").asDouble() / c.path("medianCpuMs").asDouble());
            }
        }
        if (rows.has("artifact")) {
            JsonNode a = rows.get("artifact");
            out.println();
            out.println(a.path("present").asBoolean()
                    ? String.format(Locale.ROOT, "Functions artifact: %s, %.2f MB (budget %.0f MB)", a.path("path").asText(),
                            a.path("megabytes").asDouble(), a.path("budgetMegabytes").asDouble())
                    : "Functions artifact: " + a.path("note").asText());
        }
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        List<Map.Entry<String, JsonNode>> entries = new java.util.ArrayList<>();
        object.fields().forEachRemaining(entries::add);
        return entries;
    }

    private static void line(PrintStream out, String label, JsonNode p, String field) {
        out.printf(Locale.ROOT, "  %-34s %-26s %-26s%n", label, p.path("fixed").path(field).asText(), p.path("progress").path(field).asText());
    }

    private static String job(JsonNode j) {
        return j.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.1f s / %d / %d / %d", j.path("delaySeconds").asDouble(),
                j.path("renderPolls").asInt(), j.path("renderLoopTransitions").asInt(), j.path("stateTransitions").asInt());
    }
}
