package dev.partita.graph;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, acyclic task graph in dask's dictionary style: each key maps to a node, which is a
 * {@link Task}, an alias (a String equal to another key), a List (substituted element by element) or any
 * other literal value. Keys keep insertion order.
 *
 * <pre>{@code
 * Graph g = Graph.builder().value("x", 1).task("y", Example::inc, "x").build();
 * Object y = Schedulers.sync().get(g, "y");   // 2
 * }</pre>
 */
public final class Graph implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[] NO_DEPS = new int[0];

    private final String[] keys;
    private final Object[] nodes;
    private transient Map<String, Integer> ids;
    private transient Object[] exprs;
    private transient int[][] deps;
    private transient volatile int[][] dependents;

    private Graph(String[] keys, Object[] nodes, boolean checkCycles) {
        this.keys = keys;
        this.nodes = nodes;
        compile();
        if (checkCycles) {
            int[] all = new int[keys.length];
            Arrays.setAll(all, i -> i);
            postOrder(all);
        }
    }

    private static Graph fromMap(Map<String, ?> map) {
        String[] keys = new String[map.size()];
        Object[] nodes = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            keys[i] = Objects.requireNonNull(e.getKey(), "graph key");
            nodes[i++] = e.getValue();
        }
        return new Graph(keys, nodes, true);
    }

    /** A builder for a graph; keys keep the order in which they are added. */
    public static Builder builder() {
        return new Builder();
    }

    /** A graph from a map of key to node (Task, alias, List or literal), in the map's iteration order. */
    public static Graph of(Map<String, ?> nodes) {
        return fromMap(nodes);
    }

    /** The keys, in insertion order (unmodifiable). */
    public Set<String> keys() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return Collections.unmodifiableList(Arrays.asList(keys)).iterator();
            }

            @Override
            public boolean contains(Object o) {
                return ids.containsKey(o);
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    /** The number of keys. */
    public int size() {
        return keys.length;
    }

    /** Whether {@code key} is a key of this graph. */
    public boolean contains(String key) {
        return ids.containsKey(key);
    }

    /** The node stored under {@code key}, as given (Task, alias, List or literal). */
    public Object node(String key) {
        return nodes[require(key, "node()")];
    }

    /** The keys {@code key}'s node references, directly or inside nested tasks and lists, in argument order. */
    public Set<String> dependencies(String key) {
        return keySet(deps[require(key, "dependencies()")]);
    }

    /** The keys whose nodes reference {@code key}. */
    public Set<String> dependents(String key) {
        return keySet(dependents()[require(key, "dependents()")]);
    }

    /** The subgraph holding {@code targets} and everything they depend on, in this graph's key order. */
    public Graph cull(Collection<String> targets) {
        boolean[] keep = reachable(ids(targets, "cull()"));
        return subgraph(keep);
    }

    /**
     * The union of two graphs. A key present in both must hold equal nodes (tasks are equal when they have
     * the same function object and equal arguments).
     *
     * @throws InvalidGraphException when a key holds different nodes, or the union has a cycle
     */
    public Graph merge(Graph other) {
        return merge(List.of(this, other));
    }

    /** The union of all {@code graphs}; see {@link #merge(Graph)}. */
    public static Graph merge(Collection<Graph> graphs) {
        Map<String, Object> union = new LinkedHashMap<>();
        for (Graph g : graphs) {
            for (int i = 0; i < g.keys.length; i++) {
                String key = g.keys[i];
                Object node = g.nodes[i];
                if (union.containsKey(key)) {
                    Object existing = union.get(key);
                    if (!Objects.deepEquals(existing, node)) {
                        throw new InvalidGraphException("Cannot merge graphs: key '" + key
                                + "' holds different nodes: " + existing + " and " + node);
                    }
                } else {
                    union.put(key, node);
                }
            }
        }
        return fromMap(union);
    }

    /**
     * The graph in Graphviz DOT: literal nodes are boxes labelled with their key, tasks are circles labelled
     * with the function's name, and edges point from a dependency to its dependent.
     */
    public String toDot() {
        StringBuilder dot = new StringBuilder("digraph partita {\n");
        for (int i = 0; i < keys.length; i++) {
            dot.append("  ").append(quote(keys[i]));
            if (nodes[i] instanceof Task) {
                dot.append(" [shape=circle, label=").append(quote(((Task) nodes[i]).name())).append("];\n");
            } else {
                dot.append(" [shape=box, label=").append(quote(keys[i])).append("];\n");
            }
        }
        for (int i = 0; i < keys.length; i++) {
            for (int dep : deps[i]) {
                dot.append("  ").append(quote(keys[dep])).append(" -> ").append(quote(keys[i])).append(";\n");
            }
        }
        return dot.append("}\n").toString();
    }

    /**
     * A stable hexadecimal hash (32 characters) of the given values, equal across JVM runs for equal inputs.
     * Supports Strings, numbers, booleans, characters, null, enums, Lists, Sets and Maps (order-independent),
     * records (by component), arrays, Tasks (function identity and arguments), {@link Tokenizable} values (by
     * their token value) and, as a last resort, Serializable objects by their serialized bytes.
     *
     * @throws IllegalArgumentException for a value of none of these kinds
     */
    public static String tokenize(Object... parts) {
        return Tokenizer.tokenize(parts);
    }

    @Override
    public String toString() {
        return "Graph" + keys();
    }

    int id(String key) {
        Integer id = ids.get(key);
        return id == null ? -1 : id;
    }

    String key(int id) {
        return keys[id];
    }

    Object expr(int id) {
        return exprs[id];
    }

    int[] deps(int id) {
        return deps[id];
    }

    /** The ids of {@code targets}, failing with the name of the first one missing. */
    int[] ids(Collection<String> targets, String requester) {
        int[] result = new int[targets.size()];
        int i = 0;
        for (String key : targets) {
            result[i++] = require(key, requester);
        }
        return result;
    }

    /** Ids reachable from {@code roots} through dependencies, the roots included. */
    boolean[] reachable(int[] roots) {
        boolean[] seen = new boolean[keys.length];
        int[] stack = new int[Math.max(16, roots.length)];
        int top = 0;
        for (int root : roots) {
            if (!seen[root]) {
                seen[root] = true;
                stack[top++] = root;
            }
        }
        while (top > 0) {
            int[] d = deps[stack[--top]];
            for (int v : d) {
                if (!seen[v]) {
                    seen[v] = true;
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = v;
                }
            }
        }
        return seen;
    }

    /** The graph of the kept ids; the caller guarantees they are closed under dependencies. */
    Graph subgraph(boolean[] keep) {
        int count = 0;
        for (boolean k : keep) {
            count += k ? 1 : 0;
        }
        if (count == keys.length) {
            return this;
        }
        String[] subKeys = new String[count];
        Object[] subNodes = new Object[count];
        int j = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keep[i]) {
                subKeys[j] = keys[i];
                subNodes[j++] = nodes[i];
            }
        }
        return new Graph(subKeys, subNodes, false);
    }

    /**
     * The ids reachable from {@code roots} in dependency post-order: each node after all its dependencies,
     * the subtree of a node's first argument before that of its second. Iterative, so graph depth is unbounded.
     *
     * @throws InvalidGraphException naming every key on a cycle
     */
    int[] postOrder(int[] roots) {
        int n = keys.length;
        byte[] state = new byte[n];
        int[] order = new int[n];
        int count = 0;
        int[] stackNode = new int[16];
        int[] stackPos = new int[16];
        for (int root : roots) {
            if (state[root] != 0) {
                continue;
            }
            int top = 0;
            stackNode[top] = root;
            stackPos[top++] = 0;
            state[root] = 1;
            while (top > 0) {
                int u = stackNode[top - 1];
                int[] d = deps[u];
                int i = stackPos[top - 1];
                if (i < d.length) {
                    stackPos[top - 1] = i + 1;
                    int v = d[i];
                    if (state[v] == 0) {
                        if (top == stackNode.length) {
                            stackNode = Arrays.copyOf(stackNode, top * 2);
                            stackPos = Arrays.copyOf(stackPos, top * 2);
                        }
                        stackNode[top] = v;
                        stackPos[top++] = 0;
                        state[v] = 1;
                    } else if (state[v] == 1) {
                        throw cycle(stackNode, top, v);
                    }
                } else {
                    top--;
                    state[u] = 2;
                    order[count++] = u;
                }
            }
        }
        return count == n ? order : Arrays.copyOf(order, count);
    }

    private InvalidGraphException cycle(int[] stack, int top, int start) {
        int from = top - 1;
        while (stack[from] != start) {
            from--;
        }
        StringBuilder path = new StringBuilder();
        for (int i = from; i < top; i++) {
            path.append(quote(keys[stack[i]])).append(" -> ");
        }
        path.append(quote(keys[start]));
        return new InvalidGraphException("Cycle in graph (each key depends on the next): " + path);
    }

    private int require(String key, String requester) {
        Integer id = ids.get(key);
        if (id == null) {
            throw new InvalidGraphException("Missing key '" + key + "' requested by " + requester);
        }
        return id;
    }

    private Set<String> keySet(int[] idList) {
        Set<String> set = new LinkedHashSet<>();
        for (int id : idList) {
            set.add(keys[id]);
        }
        return Collections.unmodifiableSet(set);
    }

    private int[][] dependents() {
        int[][] result = dependents;
        if (result == null) {
            int[] counts = new int[keys.length];
            for (int[] d : deps) {
                for (int v : d) {
                    counts[v]++;
                }
            }
            result = new int[keys.length][];
            for (int i = 0; i < keys.length; i++) {
                result[i] = new int[counts[i]];
                counts[i] = 0;
            }
            for (int u = 0; u < keys.length; u++) {
                for (int v : deps[u]) {
                    result[v][counts[v]++] = u;
                }
            }
            dependents = result;
        }
        return result;
    }

    private void compile() {
        int n = keys.length;
        ids = new HashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
        for (int i = 0; i < n; i++) {
            if (ids.put(keys[i], i) != null) {
                throw new InvalidGraphException("Duplicate key '" + keys[i] + "'");
            }
        }
        exprs = new Object[n];
        deps = new int[n][];
        Compiler compiler = new Compiler(n);
        for (int i = 0; i < n; i++) {
            exprs[i] = compiler.compile(nodes[i]);
            deps[i] = compiler.takeDeps();
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        compile();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Compiles nodes to {@link Expr} form, collecting each node's distinct dependencies in argument order. */
    private final class Compiler {
        private final int[] seenBy;
        private int stamp = 1;
        private int[] found = new int[8];
        private int count;

        Compiler(int n) {
            seenBy = new int[n];
        }

        Object compile(Object node) {
            if (node instanceof String) {
                Integer id = ids.get(node);
                if (id == null) {
                    return node;
                }
                if (seenBy[id] != stamp) {
                    seenBy[id] = stamp;
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = id;
                }
                return new Expr.Ref(id);
            }
            if (node instanceof Task) {
                Task task = (Task) node;
                List<Object> args = task.args();
                Object[] compiled = new Object[args.size()];
                for (int i = 0; i < compiled.length; i++) {
                    compiled[i] = compile(args.get(i));
                }
                return new Expr.Call(task, compiled);
            }
            if (node instanceof List) {
                List<?> list = (List<?>) node;
                Object[] compiled = new Object[list.size()];
                int i = 0;
                for (Object item : list) {
                    compiled[i++] = compile(item);
                }
                return new Expr.ListOf(compiled);
            }
            if (node instanceof Literal) {
                return ((Literal) node).value;
            }
            return node;
        }

        int[] takeDeps() {
            int[] result = count == 0 ? NO_DEPS : Arrays.copyOf(found, count);
            count = 0;
            stamp++;
            return result;
        }
    }

    /**
     * Builds a {@link Graph}; {@code value} stores a node as is (dask semantics: a String equal to another
     * key is an alias, a List is substituted), {@code task} stores a {@link Task}.
     *
     * <pre>{@code
     * Graph g = Graph.builder().value("x", 1).task("y", Example::inc, "x").task("z", Example::add, "x", "y").build();
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, Object> nodes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a node stored as is: a literal, an alias, a List or a Task. */
        public Builder value(String key, Object value) {
            if (nodes.containsKey(Objects.requireNonNull(key, "key"))) {
                throw new InvalidGraphException("Duplicate key '" + key + "'");
            }
            nodes.put(key, value);
            return this;
        }

        /** Adds a task node. */
        public Builder task(String key, Task task) {
            return value(key, Objects.requireNonNull(task, "task"));
        }

        /** Adds {@code key = fn()}. */
        public <R> Builder task(String key, F0<R> fn) {
            return task(key, Task.of(fn));
        }

        /** Adds {@code key = fn(a)}. */
        public <A, R> Builder task(String key, F1<A, R> fn, Object a) {
            return task(key, Task.of(fn, a));
        }

        /** Adds {@code key = fn(a, b)}. */
        public <A, B, R> Builder task(String key, F2<A, B, R> fn, Object a, Object b) {
            return task(key, Task.of(fn, a, b));
        }

        /** Adds {@code key = fn(a, b, c)}. */
        public <A, B, C, R> Builder task(String key, F3<A, B, C, R> fn, Object a, Object b, Object c) {
            return task(key, Task.of(fn, a, b, c));
        }

        /** Adds {@code key = fn(a, b, c, d)}. */
        public <A, B, C, D, R> Builder task(String key, F4<A, B, C, D, R> fn, Object a, Object b, Object c, Object d) {
            return task(key, Task.of(fn, a, b, c, d));
        }

        /** Adds {@code key = fn(args)} for a function over a list of arguments. */
        public <R> Builder taskN(String key, FN<R> fn, List<?> args) {
            return task(key, Task.ofN(fn, args));
        }

        /** The graph. @throws InvalidGraphException when the nodes form a cycle */
        public Graph build() {
            return fromMap(nodes);
        }
    }
}
