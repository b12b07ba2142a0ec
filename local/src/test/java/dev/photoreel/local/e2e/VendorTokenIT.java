package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.local.stack.PhotoreelStack;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one vendor token shared by every job and function. */
class VendorTokenIT {

    @BeforeEach
    void wellBehavedVendor() {
        E2eStack.resetVendor();
    }

    private static int minted() {
        return E2eStack.emulator().tokensMinted(PhotoreelStack.LOCAL_CLIENT_ID);
    }

    @Test
    void threeJobsInARow_shareOneToken() {
        int before = minted();
        for (int i = 1; i <= 3; i++) {
            E2eJob job = E2eJob.named("row" + i).photos("city", 2).manifest("{}").upload();
            E2eJob.assertCompleted(job.awaitOutcome(), 1920, 1080, false);
        }

        assertEquals(before == 0 ? 1 : before, minted(), "tokens minted over three jobs (one at most, and none if one existed)");
        assertTrue(minted() <= 2, "tokens minted in this JVM: " + minted());
    }

    @Test
    void tokenRejectedMidJob_isMintedAgainOnce_andTheJobCompletes() {
        E2eJob warmUp = E2eJob.named("warm").photos("city", 1).manifest("{}").upload();
        E2eJob.assertCompleted(warmUp.awaitOutcome(), 1920, 1080, false);
        int before = minted();

        E2eJob job = E2eJob.named("rejected").photos("seaside", 2).manifest("{}").upload();
        job.awaitStatus(Set.of("UPLOADING", "EDITING", "RENDERING")::contains, Duration.ofSeconds(60));
        assertTrue(E2eStack.emulator().expireAllTokens() >= 1, "a token was valid");

        E2eJob.Outcome outcome = job.awaitOutcome();

        E2eJob.assertCompleted(outcome, 1920, 1080, false);
        assertEquals(before + 1, minted(), "re-authenticated exactly once");
    }
}
