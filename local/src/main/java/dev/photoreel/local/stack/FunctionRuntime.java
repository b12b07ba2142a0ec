package dev.photoreel.local.stack;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the template's functions the way Lambda runs them: each function in execution environments of its own
 * ({@link FunctionSandbox}: a JVM with the function's artifact, exactly its environment and its own static state,
 * driven through the Lambda Runtime API), started on first use and kept warm. One environment per function runs up to
 * {@link #CONCURRENCY_PER_SANDBOX} invocations at once, as Lambda Managed Instances' multi-concurrent environments do
 * (more invocations wait): on a 2-core machine a JVM per concurrent invocation, as classic Lambda scales, costs more CPU
 * in cold starts than the jobs themselves. An invocation is cut at the function's timeout ({@code Sandbox.Timedout},
 * the JVM killed, failing what else it ran with {@code Runtime.ExitError}); a JVM that exits fails its invocations
 * with {@code Runtime.ExitError}; a thrown exception is an unhandled function error named by its fully qualified
 * class, which is what Step Functions' Retry and Catch match on. {@link #close()} stops every JVM it started.
 */
public final class FunctionRuntime implements AutoCloseable {

    /** The outcome of one invocation: the response payload, and the function error kind when it failed. */
    public record Invocation(byte[] payload, String functionError) {
        public boolean failed() {
            return functionError != null;
        }
    }

    /** How many invocations one function's execution environment runs at once, at most. */
    public static final int CONCURRENCY_PER_SANDBOX = 32;

    /**
     * How long a new JVM may take to start and create its handler before the invocation fails (Lambda allows 10 s; a
     * loaded 2-core machine starting several JVMs at once needs more).
     */
    static final Duration INIT_LIMIT = Duration.ofSeconds(120);

    /**
     * The JVM flags of every function: those of the Lambda Java runtime (C1 only, serial GC, the class data sharing
     * archive), which also keep the local stack's cold starts short.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto", "-XX:-UsePerfData");

    private static final Logger LOG = LoggerFactory.getLogger(FunctionRuntime.class);

    /** The execution environments of one function: the one taking invocations (null before the first), and all not closed. */
    private static final class Pool {
        final Semaphore permits = new Semaphore(CONCURRENCY_PER_SANDBOX, true);
        FunctionSandbox current;
        final List<FunctionSandbox> all = new ArrayList<>();
    }

    private final Map<String, FunctionSpec> byName = new LinkedHashMap<>();
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final Map<String, Duration> timeoutOverrides = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
    private final Map<String, Deque<FunctionFault>> faults = new ConcurrentHashMap<>();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private final AtomicInteger coldStarts = new AtomicInteger();
    private final FunctionSandbox.Launch launch;
    private final ScheduledExecutorService timers;
    private volatile boolean closed;
    private final java.util.concurrent.CompletableFuture<Void> warm = new java.util.concurrent.CompletableFuture<>();

    /**
     * @param functions the functions, by name and logical id
     * @param launch    how to start a function's JVM: its class path and environment
     */
    FunctionRuntime(Collection<FunctionSpec> functions, FunctionSandbox.Launch launch) {
        this.launch = launch;
        for (FunctionSpec function : functions) {
            byName.put(function.name(), function);
            byName.putIfAbsent(function.logicalId(), function);
            pools.put(function.name(), new Pool());
            invocations.put(function.name(), new AtomicInteger());
        }
        AtomicInteger threads = new AtomicInteger();
        this.timers = Executors.newScheduledThreadPool(1, runnable -> {
            Thread thread = new Thread(runnable, "lambda-timer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Collection<FunctionSpec> functions() {
        return byName.values().stream().distinct().toList();
    }

    /**
     * Finds a function by name, logical id, or ARN ({@code arn:aws:lambda:r:a:function:Name[:qualifier]},
     * also partial {@code a:function:Name} and {@code Name:qualifier}).
     */
    public Optional<FunctionSpec> find(String nameOrArn) {
        String name = nameOrArn;
        int marker = name.indexOf("function:");
        if (marker >= 0) {
            name = name.substring(marker + "function:".length());
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        return Optional.ofNullable(byName.get(name));
    }

    /** Makes a function's invocations time out after {@code timeout} instead of its template Timeout (tests). */
    public void overrideTimeout(String nameOrLogicalId, Duration timeout) {
        FunctionSpec function = find(nameOrLogicalId).orElseThrow(() -> new IllegalArgumentException("No function " + nameOrLogicalId));
        timeoutOverrides.put(function.name(), timeout);
    }

    public void clearTimeoutOverrides() {
        timeoutOverrides.clear();
    }

    /** How many times a function was invoked since the stack started. */
    public int invocationCount(String nameOrLogicalId) {
        return find(nameOrLogicalId).map(f -> invocations.get(f.name()).get()).orElse(0);
    }

    /** A fault the runtime injects into one invocation, before the handler runs (so the handler has no effect). */
    public enum FunctionFault {
        /** The runtime process dies: a function error {@code Runtime.ExitError}, as when the JVM crashes or runs out of memory. */
        CRASH,
        /** The invocation outlives its timeout: {@code Sandbox.Timedout}, as Lambda reports it. */
        TIMEOUT
    }

    /** Makes the function's next {@code count} invocations fail with {@code fault} (fault injection). */
    public void injectFault(String nameOrLogicalId, FunctionFault fault, int count) {
        FunctionSpec function = find(nameOrLogicalId).orElseThrow(() -> new IllegalArgumentException("No function " + nameOrLogicalId));
        Deque<FunctionFault> queue = faults.computeIfAbsent(function.name(), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    /** How many invocations failed with an injected fault since the start. */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    /** Removes every injected fault not yet used. */
    public void clearFaults() {
        faults.clear();
    }

    /** Invokes a function synchronously with a raw payload, as the Lambda Invoke API does. */
    public Invocation invoke(FunctionSpec function, byte[] payload, String invokedArn) {
        invocations.get(function.name()).incrementAndGet();
        FunctionFault fault = Optional.ofNullable(faults.get(function.name())).map(Deque::poll).orElse(null);
        if (fault != null) {
            faultsInjected.incrementAndGet();
            return injected(function, fault);
        }
        Duration timeout = timeoutOverrides.getOrDefault(function.name(), Duration.ofSeconds(function.timeoutSeconds()));
        Pool pool = pools.get(function.name());
        try {
            pool.permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FunctionSandbox.failure("Runtime.Interrupted", "The local stack is stopping");
        }
        FunctionSandbox sandbox = null;
        try {
            sandbox = warmOrNew(function, pool);
            return sandbox.invoke(payload, invokedArn, timeout, INIT_LIMIT)
                    .get(INIT_LIMIT.plus(timeout).plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.warn("Cannot start a sandbox: function={} error={}", function.name(), e.toString());
            return FunctionSandbox.failure("Runtime.Unknown", "The local stack could not start the function's runtime: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FunctionSandbox.failure("Runtime.Interrupted", "The local stack is stopping");
        } catch (ExecutionException | TimeoutException e) {
            if (sandbox != null) {
                sandbox.kill();
            }
            return FunctionSandbox.failure("Runtime.Unknown", "The invocation did not end: " + e);
        } finally {
            if (sandbox != null) {
                release(pool, sandbox);
            }
            pool.permits.release();
        }
    }

    private FunctionSandbox warmOrNew(FunctionSpec function, Pool pool) throws IOException {
        synchronized (pool) {
            if (closed) {
                throw new IOException("the local stack is stopping");
            }
            if (pool.current != null && pool.current.alive()) {
                return pool.current;
            }
            pool.current = FunctionSandbox.start(function, launch, timers);
            coldStarts.incrementAndGet();
            pool.all.add(pool.current);
            return pool.current;
        }
    }

    /** After an invocation: a sandbox that died (or a stack that is stopping) is closed, once. */
    private void release(Pool pool, FunctionSandbox sandbox) {
        synchronized (pool) {
            if ((!sandbox.alive() || closed) && pool.all.remove(sandbox)) {
                sandbox.close();
            }
        }
    }

    /** An injected fault ends the function's environment if it runs nothing else, as the real failure would. */
    private Invocation injected(FunctionSpec function, FunctionFault fault) {
        String requestId = java.util.UUID.randomUUID().toString();
        LOG.warn("Injected fault: function={} requestId={} fault={}", function.name(), requestId, fault);
        Pool pool = pools.get(function.name());
        synchronized (pool) {
            FunctionSandbox victim = pool.current;
            if (victim != null && victim.idle()) {
                pool.all.remove(victim);
                victim.kill();
            }
        }
        return switch (fault) {
            case CRASH -> FunctionSandbox.failure("Runtime.ExitError",
                    "RequestId: " + requestId + " Error: Runtime exited with error: signal: killed (injected by the local stack)");
            case TIMEOUT -> FunctionSandbox.failure("Sandbox.Timedout",
                    "RequestId: " + requestId + " Error: Task timed out after " + function.timeoutSeconds() + ".00 seconds (injected by the local stack)");
        };
    }

    /**
     * Starts one warm execution environment of each of {@code functions} that has none, in the background and one
     * after the other (in the order given, so the first steps of a job are warm first): the cold starts then happen
     * while the stack is idle instead of inside the first job's steps (on 2 loaded cores a cold start of the functions
     * jar takes seconds, and Step Functions' Lambda client gives up on an invocation after 60 s).
     */
    public void prewarm(List<FunctionSpec> functions) {
        Thread warmer = new Thread(() -> {
            try {
                warmEach(functions);
            } finally {
                warm.complete(null);
            }
        }, "lambda-prewarm");
        warmer.setDaemon(true);
        warmer.start();
    }

    /** Waits (at most {@code limit}) until {@link #prewarm} has started each of its functions' first JVM; true when it has. */
    public boolean awaitWarm(Duration limit) throws InterruptedException {
        try {
            warm.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private void warmEach(List<FunctionSpec> functions) {
        for (FunctionSpec function : functions) {
            Pool pool = pools.get(function.name());
            FunctionSandbox started;
            synchronized (pool) {
                if (closed || pool.current != null) {
                    continue;
                }
                try {
                    started = FunctionSandbox.start(function, launch, timers);
                } catch (IOException e) {
                    LOG.warn("Cannot prewarm: function={} error={}", function.name(), e.toString());
                    continue;
                }
                coldStarts.incrementAndGet();
                pool.all.add(started);
                pool.current = started;
            }
            try {
                started.ready().get(INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Prewarm did not finish: function={} error={}", function.name(), e.toString());
            }
        }
    }

    /** How many execution environments (JVMs) were started since the start. */
    public int coldStarts() {
        return coldStarts.get();
    }

    /** The JVMs of the functions' execution environments that are running now. */
    public List<ProcessHandle> sandboxProcesses() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (Pool pool : pools.values()) {
            synchronized (pool) {
                pool.all.stream().filter(FunctionSandbox::alive).forEach(s -> ProcessHandle.of(s.pid()).ifPresent(processes::add));
            }
        }
        return processes;
    }

    /** Stops every function JVM this runtime started (and waits until each is gone). */
    @Override
    public void close() {
        closed = true;
        List<FunctionSandbox> all = new ArrayList<>();
        for (Pool pool : pools.values()) {
            synchronized (pool) {
                all.addAll(pool.all);
                pool.all.clear();
                pool.current = null;
            }
        }
        all.parallelStream().forEach(FunctionSandbox::close);
        timers.shutdownNow();
    }
}
