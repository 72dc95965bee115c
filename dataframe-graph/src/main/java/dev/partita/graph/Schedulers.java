package dev.partita.graph;

/**
 * Factories for the built-in schedulers.
 *
 * <pre>{@code
 * Object z = Schedulers.sync().get(graph, "z");       // on the calling thread
 * Object w = Schedulers.local(4).get(graph, "z");     // on 4 threads started for this call
 * Object v = Schedulers.remote(executor).get(graph, "z");   // in other processes (dataframe-cluster)
 * }</pre>
 */
public final class Schedulers {
    private Schedulers() {
    }

    /** A scheduler running every task on the calling thread, in dependency order. */
    public static Scheduler sync() {
        return new SyncScheduler(Listeners.NONE, null);
    }

    /** A local scheduler with one thread per available processor. */
    public static Scheduler local() {
        return local(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A scheduler running tasks on {@code threads} threads created for each {@code get} call and ended before
     * it returns, so nested calls from inside tasks cannot deadlock.
     */
    public static Scheduler local(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        return new LocalScheduler(threads, Listeners.NONE, null);
    }

    /**
     * A scheduler whose tasks {@code executor} runs in other processes, while the calling process keeps the
     * run's state, calls the listeners and hands the requested values over. It supports no task cache.
     */
    public static Scheduler remote(RemoteExecutor executor) {
        return new RemoteScheduler(java.util.Objects.requireNonNull(executor, "executor"), Listeners.NONE);
    }
}
