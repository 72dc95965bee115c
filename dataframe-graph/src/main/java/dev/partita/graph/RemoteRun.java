package dev.partita.graph;

/**
 * One run of a {@link Schedulers#remote remote} scheduler as its client sees it: the nodes to compute, by
 * integer id, in priority order, their dependencies, and the calls through which the executor reports what
 * happened to the listeners and to the run's results. The executor keeps the run's state (what waits, what is
 * ready, which process holds which value); the process that runs a task calls {@link #evaluate} on its own
 * copy of the graph, whose ids are the same (they follow the key order).
 *
 * <pre>{@code
 * for (int id : run.order()) if (run.computed(id)) ... run.finished(id, worker, nanos, run.requested(id) ? value : "held");
 * Object value = RemoteRun.evaluate(graph, id, values);   // where the task runs
 * }</pre>
 */
public final class RemoteRun {
    private final Plan plan;
    private final Results results;
    private final Listeners.Notifier notifier;
    /** Per node: whether {@link #finished} stored its value already (a recomputed node is stored once). */
    private final boolean[] stored;

    RemoteRun(Plan plan, Results results, Listeners.Notifier notifier) {
        this.plan = plan;
        this.results = results;
        this.notifier = notifier;
        this.stored = new boolean[plan.graph.size()];
    }

    /** The graph whose nodes the ids name; ship it to the processes that run tasks. */
    public Graph graph() {
        return plan.graph;
    }

    /** The ids of the nodes the run needs, each after its dependencies, in the order to prefer (a copy). */
    public int[] order() {
        return plan.order.clone();
    }

    public String key(int id) {
        return plan.graph.key(id);
    }

    /** The ids of the nodes {@code id} reads, literal nodes included (a copy). */
    public int[] dependencies(int id) {
        return plan.graph.deps(id).clone();
    }

    /** Whether node {@code id} is run (a task, an alias or a list) rather than being a literal value. */
    public boolean computed(int id) {
        return plan.computed(id);
    }

    /** Whether the caller asked for the value of {@code id}. */
    public boolean requested(int id) {
        return plan.requested[id];
    }

    /** Tells the listeners that the task {@code id} started on {@code worker}. */
    public void started(int id, int worker) {
        if (notifier.active) {
            notifier.taskStart(key(id), worker);
        }
    }

    /**
     * Tells the listeners that the task {@code id} ran for {@code nanos} on {@code worker}, and records its
     * value: for a requested node the value itself, which goes to the caller; for any other a stand-in (the
     * value stays where it was computed), which must not be {@link AutoCloseable}. A node computed again
     * after its value was lost is told to the listeners again but stored once.
     */
    public void finished(int id, int worker, long nanos, Object value) {
        if (notifier.active) {
            notifier.taskEnd(key(id), worker, nanos, null);
        }
        if (!stored[id]) {
            stored[id] = true;
            results.store(id, value);
        }
    }

    /**
     * Tells the listeners that the task {@code id} failed with {@code cause}; returns the exception that ends
     * the run, to be thrown by {@link RemoteExecutor#execute}.
     */
    public TaskFailedException failed(int id, int worker, long nanos, Throwable cause) {
        if (notifier.active) {
            notifier.taskEnd(key(id), worker, nanos, cause);
        }
        return new TaskFailedException(key(id), cause);
    }

    /**
     * Runs node {@code id} of {@code graph} from the values of the computed nodes it reads, indexed by node
     * id in {@code values} (literal nodes are read from the graph, into the same array); any exception is the
     * task's own.
     */
    public static Object evaluate(Graph graph, int id, Object[] values) throws Exception {
        for (int dep : graph.deps(id)) {
            Object expr = graph.expr(dep);
            if (!Plan.computed(expr)) {
                values[dep] = expr;
            }
        }
        return Expr.eval(graph.expr(id), values);
    }
}
