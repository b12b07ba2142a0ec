package dev.photoreel.workflow;

/** Starts workflow executions. */
public interface ExecutionStarter {

    /**
     * Starts the execution named {@code name}. An execution of that name that exists already counts
     * as started (S3 delivers events at least once).
     *
     * @return true when this call started it, false when it existed
     */
    boolean start(String name, String inputJson);
}
