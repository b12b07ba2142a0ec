package dev.photoreel.workflow;

import java.time.Duration;

/** Pauses the current thread; tests pass one that advances a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());
}
