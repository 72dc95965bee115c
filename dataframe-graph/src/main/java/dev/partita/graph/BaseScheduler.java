package dev.partita.graph;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** The part of a {@code get} call common to all schedulers: planning, listener calls and the outcome. */
abstract class BaseScheduler implements Scheduler {
    final Listeners listeners;
    /** The cache, or null for none. */
    final TaskCache cache;

    BaseScheduler(Listeners listeners, TaskCache cache) {
        this.listeners = listeners;
        this.cache = cache;
    }

    /** Runs every computed node of {@code plan} through {@code evaluator}, storing values into {@code results}. */
    abstract void execute(Plan plan, Results results, Evaluator evaluator);

    @Override
    public Object get(Graph graph, String key) {
        return get(graph, List.of(key)).get(key);
    }

    /**
     * Whatever is thrown while the run is under way (by a task, a listener's {@link Error}, the bookkeeping)
     * ends it and is thrown here once every worker has ended; an earlier listener exception is added to it as
     * suppressed.
     */
    @Override
    public Map<String, Object> get(Graph graph, List<String> keys) {
        Plan full = new Plan(graph, keys);
        CacheRun cached = cache == null ? null : CacheRun.prepare(cache, full);
        Plan plan = cached == null ? full : cached.plan;
        Listeners.Notifier notifier = listeners.open();
        Results results = new Results(plan, notifier);
        Throwable failure = null;
        try {
            if (notifier.active) {
                notifier.start(plan.culled(), List.copyOf(plan.keys));
            }
            if (cached != null) {
                cached.reportProblems(notifier);
            }
            execute(plan, results, new Evaluator(plan.graph, notifier, cached));
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (cached != null) {
                cached.end();
            }
        }
        Throwable closeFailure = ValueHolds.close(failure != null ? results.releaseAll() : results.takeUnheld());
        notifier.finish(failure);
        Throwable listenerFailure = notifier.failure();
        if (failure != null) {
            if (listenerFailure != null && listenerFailure != failure) {
                failure.addSuppressed(listenerFailure);
            }
            if (closeFailure != null) {
                failure.addSuppressed(closeFailure);
            }
            throw unchecked(failure, "The run failed");
        }
        if (closeFailure != null) {
            ValueHolds.close(results.releaseAll());
            throw unchecked(closeFailure, "Cannot release a task's value");
        }
        if (listenerFailure != null) {
            throw unchecked(listenerFailure, "A SchedulerListener failed");
        }
        return results.of(plan.keys);
    }

    /** Throws {@code t} when it is an {@link Error}; else {@code t} unchecked (wrapped with {@code message}) to throw. */
    static RuntimeException unchecked(Throwable t, String message) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        return new IllegalStateException(message, t);
    }

    static CancellationException cancelled(InterruptedException cause) {
        CancellationException e = new CancellationException("Interrupted while computing the graph");
        e.initCause(cause);
        return e;
    }
}
