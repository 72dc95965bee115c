package dev.partita.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache's part of one run. Every node gets a hash of its definition and its inputs' hashes; walking
 * down from the requested keys, a cached task with a sound entry becomes a task loading that entry, and
 * what only it needed is culled, so a resumed run does not even read the inputs of what it finished.
 */
final class CacheRun {
    final Plan plan;
    private final TaskCache cache;
    /** By node id of {@link #plan}'s graph: where a computed result is written; null when not cached. */
    private final Path[] entries;
    private final List<Problem> problems;

    private CacheRun(Plan plan, TaskCache cache, Path[] entries, List<Problem> problems) {
        this.plan = plan;
        this.cache = cache;
        this.entries = entries;
        this.problems = problems;
    }

    static CacheRun prepare(TaskCache cache, Plan full) {
        Graph graph = full.graph;
        String[] hashes = new String[graph.size()];
        for (int id : full.order) {
            try {
                hashes[id] = Tokenizer.node(cache.salt(), graph.expr(id), hashes);
            } catch (IllegalArgumentException e) {
                hashes[id] = null;
            }
        }
        Path[] entries = new Path[graph.size()];
        boolean[] hit = new boolean[graph.size()];
        boolean[] seen = new boolean[graph.size()];
        List<Problem> problems = new ArrayList<>();
        Deque<Integer> todo = new ArrayDeque<>();
        for (int id : graph.ids(full.keys, "get()")) {
            seen[id] = true;
            todo.push(id);
        }
        boolean anyHit = false;
        while (!todo.isEmpty()) {
            int id = todo.pop();
            Object expr = graph.expr(id);
            if (expr instanceof Expr.Call && hashes[id] != null && cache.caches(((Expr.Call) expr).task)) {
                Path entry = cache.entry(((Expr.Call) expr).task, hashes[id]);
                entries[id] = entry;
                if (Files.exists(entry)) {
                    String problem = check(cache, entry);
                    if (problem == null) {
                        hit[id] = true;
                        anyHit = true;
                        continue;
                    }
                    problems.add(new Problem(graph.key(id), entry, problem));
                }
            }
            for (int dep : graph.deps(id)) {
                if (!seen[dep]) {
                    seen[dep] = true;
                    todo.push(dep);
                }
            }
        }
        if (!anyHit) {
            return new CacheRun(full, cache, entries, problems);
        }
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (int id = 0; id < graph.size(); id++) {
            if (seen[id]) {
                Object node = graph.node(graph.key(id));
                nodes.put(graph.key(id), hit[id]
                        ? Task.of(new Load(cache, entries[id])).named(((Task) node).name()) : node);
            }
        }
        Plan plan = new Plan(Graph.of(nodes), full.keys);
        Path[] byNewId = new Path[plan.graph.size()];
        for (int id = 0; id < graph.size(); id++) {
            if (seen[id] && !hit[id]) {
                byNewId[plan.graph.id(graph.key(id))] = entries[id];
            }
        }
        return new CacheRun(plan, cache, byNewId, problems);
    }

    /** Null when the entry is sound; else the problem, after deleting the entry. */
    private static String check(TaskCache cache, Path entry) {
        String problem;
        try {
            problem = cache.verify(entry);
        } catch (IOException e) {
            problem = "unreadable: " + e;
        }
        if (problem != null) {
            try {
                cache.discard(entry);
            } catch (IOException e) {
                problem += " (and it cannot be deleted: " + e + ")";
            }
        }
        return problem;
    }

    static boolean isLoad(Object expr) {
        return expr instanceof Expr.Call && ((Expr.Call) expr).task.fn() instanceof Load;
    }

    void reportProblems(Listeners.Notifier notifier) {
        for (Problem p : problems) {
            notifier.cacheProblem(p.key, p.entry, p.problem);
        }
    }

    /** Writes the result of node {@code id} when it is cached; a failed write is reported, not thrown. */
    void store(int id, Object value, Listeners.Notifier notifier) {
        Path entry = entries[id];
        if (entry == null) {
            return;
        }
        try {
            cache.write(entry, value);
        } catch (IOException | RuntimeException e) {
            notifier.cacheProblem(plan.graph.key(id), entry, "cannot write: " + e);
        }
    }

    private record Problem(String key, Path entry, String problem) {
    }

    /** The task replacing a cached one: reads its entry (a fresh value, owned by the consumer). */
    private static final class Load implements F0<Object> {
        private static final long serialVersionUID = 1L;
        private final transient TaskCache cache;
        private final transient Path entry;

        Load(TaskCache cache, Path entry) {
            this.cache = cache;
            this.entry = entry;
        }

        @Override
        public Object apply() throws IOException {
            return cache.read(entry);
        }
    }
}
