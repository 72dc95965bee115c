package dev.partita.graph;

/** Runs one node of a run: reads it from the cache or computes it (then caches it), telling the listeners. */
final class Evaluator {
    private final Graph graph;
    private final Listeners.Notifier notifier;
    private final CacheRun cache;

    /** {@code cache} is null when the run has none. */
    Evaluator(Graph graph, Listeners.Notifier notifier, CacheRun cache) {
        this.graph = graph;
        this.notifier = notifier;
        this.cache = cache;
    }

    Listeners.Notifier notifier() {
        return notifier;
    }

    /** Told of a failing task before the listeners are, so a scheduler can stop the run first. */
    interface FailureSink {
        FailureSink NONE = failure -> { };

        void failed(TaskFailedException failure);
    }

    /**
     * The value of node {@code id}, from the node values computed so far.
     *
     * @throws TaskFailedException when the task throws; anything else thrown (a listener's {@link Error}, a
     *         failure of the cache) is not the task's and propagates as it is
     */
    Object run(int id, int worker, Object[] values, FailureSink sink) {
        String key = graph.key(id);
        Object expr = graph.expr(id);
        if (cache != null && CacheRun.isLoad(expr)) {
            return cache.load(id, worker, notifier);
        }
        long start = 0;
        if (notifier.active) {
            notifier.taskStart(key, worker);
            start = System.nanoTime();
        }
        Object value;
        try {
            value = Expr.eval(expr, values);
        } catch (Exception | Error e) {
            TaskFailedException failure = new TaskFailedException(key, e);
            sink.failed(failure);
            if (notifier.active) {
                notifier.taskEnd(key, worker, System.nanoTime() - start, e);
            }
            throw failure;
        }
        if (notifier.active) {
            notifier.taskEnd(key, worker, System.nanoTime() - start, null);
        }
        if (cache != null) {
            cache.store(id, value, notifier);
        }
        return value;
    }
}
