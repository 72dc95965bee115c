package dev.partita.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one run, indexed by node id, and the release rule. Not thread-safe: the local scheduler
 * calls {@link #store} under its lock.
 *
 * <p>The run owns the values its tasks return: a value that is {@link AutoCloseable} (Arrow batches, a
 * shuffle's files) is closed once no live node holds it any more, as dask deletes released data. An alias or
 * a list node holding the same object counts as a holder, so an object is closed only when the last of them
 * is released. Values of requested keys are handed to the caller, who owns them; when the run fails, they
 * are closed with everything else.
 */
final class Results {
    final Object[] values;
    private final Plan plan;
    private final Listeners.Notifier notifier;
    private final int[] dependentsLeft;
    /** The closeable objects live nodes hold. */
    private final ValueHolds holds = new ValueHolds();

    Results(Plan plan, Listeners.Notifier notifier) {
        this.plan = plan;
        this.notifier = notifier;
        Graph graph = plan.graph;
        values = new Object[graph.size()];
        dependentsLeft = new int[graph.size()];
        for (int id : plan.order) {
            for (int dep : graph.deps(id)) {
                dependentsLeft[dep]++;
            }
            if (!plan.computed(id)) {
                values[id] = graph.expr(id);
            }
        }
    }

    /** Records the value of a node that has just run, then applies the release rule to its inputs. */
    void store(int id, Object value) {
        values[id] = value;
        holds.hold(value);
        for (int dep : plan.graph.deps(id)) {
            if (--dependentsLeft[dep] == 0 && !plan.requested[dep]) {
                release(dep);
            }
        }
    }

    /** A value computed after the run stopped: nobody will read it, so it is closed like a released one. */
    void discard(Object value) {
        holds.hold(value);
        holds.drop(value);
    }

    /** The release rule: a value is dropped once its last dependent has run, unless it was requested. */
    private void release(int id) {
        Object value = values[id];
        values[id] = null;
        if (plan.computed(id)) {
            holds.drop(value);
            notifier.released(plan.graph.key(id));
        }
    }

    /** The objects whose last holder is gone since the last call; the caller closes them. */
    List<AutoCloseable> takeUnheld() {
        return holds.takeUnheld();
    }

    /** After a failed run: every computed value still held, requested ones included, to be closed. */
    List<AutoCloseable> releaseAll() {
        for (int id : plan.order) {
            if (plan.computed(id) && values[id] != null) {
                holds.drop(values[id]);
                values[id] = null;
            }
        }
        return takeUnheld();
    }

    Map<String, Object> of(List<String> keys) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : keys) {
            map.put(key, values[plan.graph.id(key)]);
        }
        return map;
    }
}
