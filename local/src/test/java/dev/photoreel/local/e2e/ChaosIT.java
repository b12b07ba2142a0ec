package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.chaos.ChaosRow;
import dev.photoreel.local.chaos.ChaosRunner;
import dev.photoreel.local.chaos.ChaosScenarios;
import dev.photoreel.local.chaos.ChaosTable;
import dev.photoreel.local.stack.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chaos table on the local stack: every AWS-side and vendor fault of {@link ChaosScenarios}, one job each after a
 * load row of four folders at once (IntakeDisorderIT uploads twenty). Every job must end COMPLETED or FAILED with the
 * expected code and exactly one notification; none lost, none doubled, no input touched, no video stored twice.
 */
class ChaosIT {

    @BeforeEach
    @AfterEach
    void wellBehavedVendorAndAws() {
        E2eStack.resetVendor();
    }

    @Test
    void everyFault_endsEveryJobWithItsOutcomeAndExactlyOneNotification_nothingLostDoubledOrTouched() {
        Path examples = StackOptions.findProjectRoot(Path.of("")).resolve("examples/seaside");
        ChaosRunner runner = new ChaosRunner(E2eStack.stack(), E2eStack.emulator(), E2eStack.inbox(), examples, Duration.ofMinutes(4));

        List<ChaosRow> rows = runner.run(ChaosScenarios.standard(4, 1), row -> { });
        String table = ChaosTable.format(rows);
        System.out.println(table);

        assertEquals(ChaosScenarios.standard(4, 1).size(), rows.size());
        for (ChaosRow row : rows) {
            assertTrue(row.ok(), () -> "\"" + row.fault() + "\" broke a promise:\n" + table);
        }
    }
}
