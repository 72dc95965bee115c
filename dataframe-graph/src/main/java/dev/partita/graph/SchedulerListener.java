package dev.partita.graph;

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

    /** Once, after the run and every worker thread ended; {@code failure} is null on success. */
    default void onFinish(Throwable failure) {
    }
}
