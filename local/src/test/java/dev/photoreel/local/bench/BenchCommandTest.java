package dev.photoreel.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final Path root = StackOptions.findProjectRoot(Path.of(""));

    @Test
    void parse_defaults_runEveryRow_twentyJobs_threeRuns() {
        BenchCommand.Arguments args = BenchCommand.parse(List.of(), root);
        assertEquals(Set.copyOf(BenchCommand.ROWS), args.only());
        assertEquals(20, args.jobs());
        assertEquals(3, args.runs());
        assertTrue(args.folder().endsWith("examples/seaside"));
    }

    @Test
    void parse_only_choosesRows_andRefusesUnknownOnes() {
        assertEquals(Set.of("overhead", "concurrency"), BenchCommand.parse(List.of("--only", "overhead,concurrency", "--json"), root).only());
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.parse(List.of("--only", "speed"), root));
        assertThrows(IllegalArgumentException.class, () -> BenchCommand.parse(List.of("--jobs", "0"), root));
    }

    @Test
    void renderDurations_spreadAroundTheGivenLength() {
        assertEquals(List.of(Duration.ofSeconds(50), Duration.ofSeconds(65), Duration.ofSeconds(80)), PollingRow.renderDurations(65, 3));
        assertEquals(List.of(Duration.ofSeconds(2)), PollingRow.renderDurations(2, 1));
    }

    @Test
    void stats_medianAndNearestRankPercentile() {
        assertEquals(2.5, Stats.median(List.of(4, 1, 3, 2)));
        assertEquals(19.0, Stats.percentile(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95));
    }
}
