package dev.partita.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Node expressions compiled against a graph's key ids, so that running a task never looks a key up by name.
 * A compiled expression is a {@link Ref}, a {@link Call}, a {@link ListOf}, or any other object, which is a
 * literal.
 */
final class Expr {
    private Expr() {
    }

    /** A reference to the value of the node with this id. */
    static final class Ref {
        final int id;

        Ref(int id) {
            this.id = id;
        }
    }

    /** A task with compiled arguments. */
    static final class Call {
        final Task task;
        final Object[] args;

        Call(Task task, Object[] args) {
            this.task = task;
            this.args = args;
        }
    }

    /** A list whose elements are substituted into a new list. */
    static final class ListOf {
        final Object[] items;

        ListOf(Object[] items) {
            this.items = items;
        }
    }

    /** Evaluates {@code expr}, reading referenced node values from {@code values} (indexed by node id). */
    static Object eval(Object expr, Object[] values) throws Exception {
        if (expr instanceof Ref) {
            return values[((Ref) expr).id];
        }
        if (expr instanceof Call) {
            Call call = (Call) expr;
            Object[] args = call.args;
            Object[] actual = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                actual[i] = eval(args[i], values);
            }
            return call.task.invoke(actual);
        }
        if (expr instanceof ListOf) {
            Object[] items = ((ListOf) expr).items;
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(eval(item, values));
            }
            return list;
        }
        return expr;
    }
}
