package dev.partita.graph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
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
    /** For each closeable object held by a live node: how many live nodes hold it. */
    private final Map<Object, Integer> holders = new IdentityHashMap<>();
    /** Objects whose last holder was released and that are waiting to be closed outside the scheduler's lock. */
    private final List<AutoCloseable> unheld = new ArrayList<>();

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
        hold(value, 1);
        for (int dep : plan.graph.deps(id)) {
            if (--dependentsLeft[dep] == 0 && !plan.requested[dep]) {
                release(dep);
            }
        }
    }

    /** A value computed after the run stopped: nobody will read it, so it is closed like a released one. */
    void discard(Object value) {
        hold(value, 1);
        hold(value, -1);
    }

    /** The release rule: a value is dropped once its last dependent has run, unless it was requested. */
    private void release(int id) {
        Object value = values[id];
        values[id] = null;
        if (plan.computed(id)) {
            hold(value, -1);
            notifier.released(plan.graph.key(id));
        }
    }

    /** Counts a node holding {@code value} (and the objects of a list value) up or down. */
    private void hold(Object value, int delta) {
        if (value instanceof AutoCloseable) {
            int n = holders.getOrDefault(value, 0) + delta;
            if (n > 0) {
                holders.put(value, n);
            } else {
                holders.remove(value);
                unheld.add((AutoCloseable) value);
            }
        } else if (value instanceof List) {
            for (Object item : (List<?>) value) {
                hold(item, delta);
            }
        }
    }

    /** The objects whose last holder is gone since the last call; the caller closes them. */
    List<AutoCloseable> takeUnheld() {
        if (unheld.isEmpty()) {
            return List.of();
        }
        List<AutoCloseable> out = new ArrayList<>(unheld);
        unheld.clear();
        return out;
    }

    /** After a failed run: every computed value still held, requested ones included, to be closed. */
    List<AutoCloseable> releaseAll() {
        for (int id : plan.order) {
            if (plan.computed(id) && values[id] != null) {
                hold(values[id], -1);
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

    /**
     * Closes {@code values}, all of them whatever fails; returns the first failure with the later ones
     * suppressed, or null.
     */
    static Throwable close(List<AutoCloseable> values) {
        Throwable first = null;
        for (AutoCloseable v : values) {
            try {
                v.close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
