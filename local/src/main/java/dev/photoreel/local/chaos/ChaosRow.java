package dev.photoreel.local.chaos;

/**
 * What happened to a scenario's jobs.
 *
 * @param fault              the fault
 * @param jobs               folders uploaded
 * @param executions         executions started for those folders (one per folder when nothing was doubled)
 * @param completed          jobs that completed
 * @param failedAsExpected   jobs that failed with the scenario's expected code
 * @param failedOtherwise    jobs that failed with another code (or failed when they should have completed)
 * @param minNotifications   fewest notifications a job got
 * @param maxNotifications   most notifications a job got
 * @param lost               folders with no outcome (no notification) when the scenario's time ran out
 * @param inputsChanged      uploaded files whose bytes changed or vanished
 * @param videosStoredTwice  jobs with more than one video object
 * @param faultsHit          injected faults that actually fired (AWS calls failed, invocations crashed, vendor calls
 *                           refused): a fault row with none proved nothing
 * @param faultExpected      whether the scenario injects a fault at all (the load row does not)
 * @param seconds            wall time of the scenario
 */
public record ChaosRow(String fault, int jobs, int executions, int completed, int failedAsExpected, int failedOtherwise,
        int minNotifications, int maxNotifications, int lost, int inputsChanged, int videosStoredTwice, long faultsHit,
        boolean faultExpected, double seconds) {

    /** Every job reached its expected outcome with exactly one notification; nothing lost, doubled or touched. */
    public boolean ok() {
        return lost == 0 && failedOtherwise == 0 && completed + failedAsExpected == jobs && executions == jobs
                && minNotifications == 1 && maxNotifications == 1 && inputsChanged == 0 && videosStoredTwice == 0
                && (faultsHit > 0) == faultExpected;
    }

    public String notificationsPerJob() {
        return minNotifications == maxNotifications ? String.valueOf(minNotifications) : minNotifications + "-" + maxNotifications;
    }
}
