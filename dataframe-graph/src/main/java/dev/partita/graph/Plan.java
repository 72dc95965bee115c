package dev.partita.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What one {@code get} call runs: the culled node ids in priority order. The order is a dependency
 * post-order from the requested keys, so running ready tasks by it finishes the inputs of one dependent
 * before starting on the next (dask.order's depth-first preference), which keeps few results alive.
 */
final class Plan {
    final Graph graph;
    final List<String> keys;
    final int[] order;
    final boolean[] requested;

    Plan(Graph graph, List<String> requestedKeys) {
        this.graph = graph;
        this.keys = new ArrayList<>(new LinkedHashSet<>(requestedKeys));
        int[] targets = graph.ids(keys, "get()");
        this.order = graph.postOrder(targets);
        this.requested = new boolean[graph.size()];
        for (int id : targets) {
            requested[id] = true;
        }
    }

    /** Whether the node needs running (task, alias or list) rather than being a literal value. */
    boolean computed(int id) {
        return computed(graph.expr(id));
    }

    static boolean computed(Object expr) {
        return expr instanceof Expr.Call || expr instanceof Expr.Ref || expr instanceof Expr.ListOf;
    }

    /** The culled graph, as a {@link Graph}; built only for listeners. */
    Graph culled() {
        boolean[] keep = new boolean[graph.size()];
        for (int id : order) {
            keep[id] = true;
        }
        return graph.subgraph(keep);
    }
}
