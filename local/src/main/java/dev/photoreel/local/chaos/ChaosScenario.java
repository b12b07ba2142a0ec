package dev.photoreel.local.chaos;

import dev.photoreel.local.emulator.NemoEmulator;
import dev.photoreel.local.stack.PhotoreelStack;
import java.util.List;

/**
 * One row of the chaos table: a fault, armed before {@code jobs} folders are uploaded at once, and the outcome every
 * one of those jobs must reach despite it (COMPLETED, or FAILED with {@code expectedCode}).
 *
 * @param fault        what goes wrong, as the table shows it
 * @param jobs         folders uploaded at once
 * @param expectedCode null when every job must complete; else the error code every job must fail with
 * @param arm          turns the fault on
 * @param watch        called about once a second while the jobs run, with their ids so far (e.g. to lift the fault
 *                     once the jobs reached a state)
 * @param manifest     the job.json each folder gets
 */
public record ChaosScenario(String fault, int jobs, String expectedCode, Arm arm, Watch watch, String manifest) {

    /** Each folder's job.json unless a scenario says otherwise: short videos. */
    public static final String MANIFEST = "{\"secondsPerImage\": 1}";

    /** Turns a fault on. */
    @FunctionalInterface
    public interface Arm {
        void apply(PhotoreelStack stack, NemoEmulator emulator);
    }

    /** Looks at the running jobs; may lift the fault. */
    @FunctionalInterface
    public interface Watch {
        void check(PhotoreelStack stack, NemoEmulator emulator, List<String> jobIds);

        Watch NOTHING = (stack, emulator, jobIds) -> { };
    }

    public static ChaosScenario completing(String fault, int jobs, Arm arm) {
        return new ChaosScenario(fault, jobs, null, arm, Watch.NOTHING, MANIFEST);
    }

    /** The load row: no fault at all. */
    public static ChaosScenario noFault(String description, int jobs) {
        return new ChaosScenario(description, jobs, null, null, Watch.NOTHING, MANIFEST);
    }

    public boolean injectsAFault() {
        return arm != null;
    }

    public ChaosScenario watching(Watch value) {
        return new ChaosScenario(fault, jobs, expectedCode, arm, value, manifest);
    }

    public ChaosScenario failingWith(String code) {
        return new ChaosScenario(fault, jobs, code, arm, watch, manifest);
    }

    public ChaosScenario withManifest(String json) {
        return new ChaosScenario(fault, jobs, expectedCode, arm, watch, json);
    }
}
