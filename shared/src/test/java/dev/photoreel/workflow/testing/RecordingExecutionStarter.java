package dev.photoreel.workflow.testing;

import dev.photoreel.workflow.ExecutionStarter;
import java.util.LinkedHashMap;
import java.util.Map;

/** An {@link ExecutionStarter} that records executions and treats a repeated name as existing. */
public final class RecordingExecutionStarter implements ExecutionStarter {

    public final Map<String, String> executions = new LinkedHashMap<>();
    public int calls;

    @Override
    public synchronized boolean start(String name, String inputJson) {
        calls++;
        if (executions.containsKey(name)) {
            return false;
        }
        executions.put(name, inputJson);
        return true;
    }
}
