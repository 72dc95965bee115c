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

    @Override
    public Map<String, Object> get(Graph graph, List<String> keys) {
        Plan full = new Plan(graph, keys);
        CacheRun cached = cache == null ? null : CacheRun.prepare(cache, full);
        Plan plan = cached == null ? full : cached.plan;
        Listeners.Notifier notifier = listeners.open();
        if (notifier.active) {
            notifier.start(plan.culled(), List.copyOf(plan.keys));
        }
        if (cached != null) {
            cached.reportProblems(notifier);
        }
        Results results = new Results(plan, notifier);
        RuntimeException failure = null;
        try {
            execute(plan, results, new Evaluator(plan.graph, notifier, cached));
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (cached != null) {
                cached.end();
            }
        }
        Throwable closeFailure = Results.close(failure != null ? results.releaseAll() : results.takeUnheld());
        notifier.finish(failure);
        Throwable listenerFailure = notifier.failure();
        if (failure != null) {
            if (listenerFailure != null) {
                failure.addSuppressed(listenerFailure);
            }
            if (closeFailure != null) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        if (closeFailure != null) {
            Results.close(results.releaseAll());
            throw new IllegalStateException("cannot release a task's value", closeFailure);
        }
        if (listenerFailure instanceof RuntimeException) {
            throw (RuntimeException) listenerFailure;
        }
        if (listenerFailure instanceof Error) {
            throw (Error) listenerFailure;
        }
        if (listenerFailure != null) {
            throw new IllegalStateException("A SchedulerListener failed", listenerFailure);
        }
        return results.of(plan.keys);
    }

    static CancellationException cancelled(InterruptedException cause) {
        CancellationException e = new CancellationException("Interrupted while computing the graph");
        e.initCause(cause);
        return e;
    }
}
