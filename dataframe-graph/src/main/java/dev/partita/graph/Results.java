package dev.partita.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one run, indexed by node id, and the release rule. Not thread-safe: the local scheduler
 * calls {@link #store} under its lock.
 */
final class Results {
    final Object[] values;
    private final Plan plan;
    private final Listeners.Notifier notifier;
    private final int[] dependentsLeft;

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
        for (int dep : plan.graph.deps(id)) {
            if (--dependentsLeft[dep] == 0 && !plan.requested[dep]) {
                release(dep);
            }
        }
    }

    /** The release rule: a value is dropped once its last dependent has run, unless it was requested. */
    private void release(int id) {
        values[id] = null;
        if (plan.computed(id)) {
            notifier.released(plan.graph.key(id));
        }
    }

    Map<String, Object> of(List<String> keys) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String key : keys) {
            map.put(key, values[plan.graph.id(key)]);
        }
        return map;
    }
}
