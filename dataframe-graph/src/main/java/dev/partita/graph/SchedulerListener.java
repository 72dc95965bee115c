package dev.partita.graph;

import java.nio.file.Path;
import java.util.List;

/**
 * Callbacks from a {@link Scheduler} run; every method defaults to doing nothing. Only nodes that need
 * computing (tasks, aliases, lists) have task callbacks; literal nodes do not.
 *
 * <pre>{@code
 * Scheduler s = Schedulers.local().withListener(new SchedulerListener() {
 *     public void onTaskEnd(String key, int worker, long nanos, Throwable failure) { log(key, nanos); } });
 * }</pre>
 */
public interface SchedulerListener {
    /** Before any task runs; {@code graph} is the culled graph actually run. */
    default void onStart(Graph graph, List<String> keys) {
    }

    /** Before the task {@code key} runs on worker {@code worker} (0-based). */
    default void onTaskStart(String key, int worker) {
    }

    /** After the task {@code key} ran for {@code nanos}; {@code failure} is null on success. */
    default void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
    }

    /**
     * Instead of {@link #onTaskStart} and {@link #onTaskEnd} when the task's result was read from the cache
     * (in {@code nanos}) rather than computed.
     */
    default void onCacheHit(String key, int worker, long nanos) {
    }

    /**
     * When a cache entry of {@code key} cannot be used or written: {@code problem} says why (corrupt,
     * truncated, unreadable, or the write failed). A bad entry is deleted and the task computed instead.
     */
    default void onCacheProblem(String key, Path entry, String problem) {
    }

    /** Once, after the run and every worker thread ended; {@code failure} is null on success. */
    default void onFinish(Throwable failure) {
    }
}
