package dev.photoreel.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The deployed functions artifact's size against its 21 MB budget (FunctionsArtifactIT states the same figure). */
final class ArtifactRow {

    static final double BUDGET_MB = 21.0;

    private ArtifactRow() {
    }

    static ObjectNode run(Path root) throws IOException {
        Path jar = root.resolve("functions/target/photoreel-functions.jar");
        ObjectNode row = BenchReport.JSON.createObjectNode();
        row.put("path", root.relativize(jar).toString());
        if (!Files.isRegularFile(jar)) {
            row.put("present", false);
            row.put("note", "not built: mvn -pl functions -am package -DskipTests");
            return row;
        }
        long bytes = Files.size(jar);
        row.put("present", true);
        row.put("bytes", bytes);
        row.put("megabytes", Stats.round(bytes / 1_000_000.0, 2));
        row.put("budgetMegabytes", BUDGET_MB);
        row.put("withinBudget", bytes / 1_000_000.0 <= BUDGET_MB);
        return row;
    }
}
