package dev.photoreel.local.chaos;

import java.util.List;
import java.util.Locale;

/** The chaos table as people read it. */
public final class ChaosTable {

    private static final String FORMAT = "%-58s %10s %5s %6s %9s %13s %9s %5s %8s %12s %6s %4s%n";

    private ChaosTable() {
    }

    public static String format(List<ChaosRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, FORMAT, "fault", "faults hit", "jobs", "execs", "completed", "failed (code)", "notif/job", "lost",
                "inputs", "videos twice", "secs", "ok"));
        for (ChaosRow row : rows) {
            out.append(String.format(Locale.ROOT, FORMAT, row.fault(), row.faultsHit(), row.jobs(), row.executions(), row.completed(),
                    row.failedAsExpected() + (row.failedOtherwise() > 0 ? " (+" + row.failedOtherwise() + " wrong)" : ""),
                    row.notificationsPerJob(), row.lost(), row.inputsChanged() == 0 ? "same" : row.inputsChanged() + " changed",
                    row.videosStoredTwice(), String.format(Locale.ROOT, "%.0f", row.seconds()), row.ok() ? "yes" : "NO"));
        }
        long failing = rows.stream().filter(r -> !r.ok()).count();
        out.append(failing == 0 ? "Every job ended COMPLETED or FAILED as expected, with exactly one notification; none lost, none doubled, no input touched.\n"
                : failing + " of " + rows.size() + " faults broke a promise (ok = NO).\n");
        return out.toString();
    }
}
