package dev.partita.graph;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Computes the values of keys of a {@link Graph}, running only the tasks those keys need.
 * Implementations are thread-safe and may be called from inside a running task.
 *
 * <p>A run owns the values its tasks return: once the last task that reads a value has run, a value that
 * is {@link AutoCloseable} is closed (as dask deletes released data), so a task must not close its inputs
 * and must not hand them on inside its own result. The values of the requested keys belong to the caller;
 * when a run fails, they are closed with the rest.
 *
 * <pre>{@code
 * Object z = Schedulers.local().get(graph, "z");
 * Map<String, Object> r = Schedulers.sync().withCache(Path.of("cache")).get(graph, List.of("y", "z"));
 * }</pre>
 */
public interface Scheduler {
    /**
     * The value of {@code key}.
     *
     * @throws TaskFailedException when a task throws (the run stops at the first failure); anything else
     *         thrown while the run is under way ends it too and is thrown as it is, once every worker ended
     * @throws InvalidGraphException when {@code key} is not in the graph
     * @throws java.util.concurrent.CancellationException when the calling thread is interrupted (its
     *         interrupt flag is set again)
     */
    Object get(Graph graph, String key);

    /** The values of {@code keys}, as a map in the order of {@code keys}; see {@link #get(Graph, String)}. */
    Map<String, Object> get(Graph graph, List<String> keys);

    /**
     * A scheduler like this one that also notifies {@code listener}. Listener methods may be called from
     * worker threads concurrently. An exception thrown by a listener does not stop the run: the first one is
     * rethrown by {@code get} once the run is over (added as suppressed when the run itself failed), later
     * ones are dropped. An {@link Error} thrown by a listener ends the run like a failing task and is thrown
     * by {@code get} as it is.
     */
    Scheduler withListener(SchedulerListener listener);

    /**
     * A scheduler like this one that reads task results from {@code cache} instead of computing them when it
     * can, and writes the results it computes there; see {@link TaskCache}.
     */
    Scheduler withCache(TaskCache cache);

    /**
     * A scheduler like this one that encodes values of some kind with {@code codec} when they move between
     * processes (tried before the codecs it already has); a scheduler whose tasks all run in this process has
     * nothing to encode and returns itself.
     */
    default Scheduler withCodec(CacheCodec<?> codec) {
        java.util.Objects.requireNonNull(codec, "codec");
        return this;
    }

    /** {@link #withCache(TaskCache)} with a cache in {@code dir} with the built-in codecs and no size cap. */
    default Scheduler withCache(Path dir) {
        return withCache(TaskCache.at(dir));
    }
}
