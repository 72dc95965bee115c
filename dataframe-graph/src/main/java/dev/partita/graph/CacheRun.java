package dev.partita.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache's part of one run. Every node gets a hash of its definition and its inputs' hashes; walking
 * down from the requested keys, a cached task with a sound-looking entry becomes a task loading that entry,
 * and what only it needed is culled, so a resumed run does not even read the inputs of what it finished.
 * The entries to load are pinned against eviction until {@link #end}; one that fails its checksum or is
 * gone all the same (another process) is recomputed from the full graph.
 */
final class CacheRun {
    final Plan plan;
    private final Graph full;
    private final TaskCache cache;
    /** By node id of {@link #plan}'s graph: where a computed result is written; null when not cached. */
    private final Path[] entries;
    private final List<Problem> problems;
    private final List<Path> pinned;

    private CacheRun(Plan plan, Graph full, TaskCache cache, Path[] entries, List<Problem> problems,
            List<Path> pinned) {
        this.plan = plan;
        this.full = full;
        this.cache = cache;
        this.entries = entries;
        this.problems = problems;
        this.pinned = pinned;
    }

    static CacheRun prepare(TaskCache cache, Plan full) {
        cache.sweepOrphans();
        Graph graph = full.graph;
        String[] hashes = new String[graph.size()];
        for (int id : full.order) {
            try {
                hashes[id] = Tokenizer.node(cache.namespace(), graph.expr(id), hashes);
            } catch (IllegalArgumentException e) {
                hashes[id] = null;
            }
        }
        Path[] entries = new Path[graph.size()];
        boolean[] hit = new boolean[graph.size()];
        boolean[] seen = new boolean[graph.size()];
        List<Problem> problems = new ArrayList<>();
        List<Path> pinned = new ArrayList<>();
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
                    cache.pin(entry);
                    pinned.add(entry);
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
            return new CacheRun(full, graph, cache, entries, problems, pinned);
        }
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (int id = 0; id < graph.size(); id++) {
            if (seen[id]) {
                Object node = graph.node(graph.key(id));
                nodes.put(graph.key(id), hit[id]
                        ? Task.of(new Load(entries[id])).named(((Task) node).name()) : node);
            }
        }
        Plan plan = new Plan(Graph.of(nodes), full.keys);
        Path[] byNewId = new Path[plan.graph.size()];
        for (int id = 0; id < graph.size(); id++) {
            if (seen[id] && !hit[id]) {
                byNewId[plan.graph.id(graph.key(id))] = entries[id];
            }
        }
        return new CacheRun(plan, graph, cache, byNewId, problems, pinned);
    }

    /** Null when the entry looks sound; else the problem, after deleting the entry. */
    private static String check(TaskCache cache, Path entry) {
        String problem;
        try {
            problem = cache.verify(entry);
        } catch (IOException e) {
            problem = "unreadable: " + e;
        }
        return problem == null ? null : discard(cache, entry, problem);
    }

    /** Deletes a bad entry; returns {@code problem}, with why the entry could not be deleted if so. */
    private static String discard(TaskCache cache, Path entry, String problem) {
        try {
            cache.discard(entry);
            return problem;
        } catch (IOException e) {
            return problem + " (and it cannot be deleted: " + e + ")";
        }
    }

    static boolean isLoad(Object expr) {
        return expr instanceof Expr.Call && ((Expr.Call) expr).task.fn() instanceof Load;
    }

    /**
     * The value of the loading node {@code id}: its entry decoded or, when the entry turns out bad or gone,
     * reported and computed from the full graph (reading what inputs it can from the cache).
     */
    Object load(int id, int worker, Listeners.Notifier notifier) {
        String key = plan.graph.key(id);
        Path entry = ((Load) ((Expr.Call) plan.graph.expr(id)).task.fn()).entry;
        long start = System.nanoTime();
        String problem;
        try {
            Object value = cache.read(entry);
            if (notifier.active) {
                notifier.cacheHit(key, worker, System.nanoTime() - start);
            }
            return value;
        } catch (NoSuchFileException e) {
            problem = "deleted before it was read";
        } catch (TaskCache.BadEntryException e) {
            problem = e.getMessage();
        } catch (IOException | RuntimeException e) {
            problem = "unreadable: " + e;
        }
        notifier.cacheProblem(key, entry, discard(cache, entry, problem));
        return new SyncScheduler(Listeners.NONE.with(new Forward(notifier, worker)), cache).get(full, key);
    }

    /** Unpins the entries this run was to read. */
    void end() {
        cache.unpin(pinned);
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

    /** The function of a task replacing a cached one; {@link #load} runs it, since it may report and recompute. */
    private static final class Load implements F0<Object> {
        private static final long serialVersionUID = 1L;
        private final transient Path entry;

        Load(Path entry) {
            this.entry = entry;
        }

        @Override
        public Object apply() {
            throw new IllegalStateException("a cache load runs through CacheRun.load");
        }
    }

    /** Passes the task callbacks of a recomputation on to the run that needed it, as its worker's. */
    private static final class Forward implements SchedulerListener {
        private final Listeners.Notifier notifier;
        private final int worker;

        Forward(Listeners.Notifier notifier, int worker) {
            this.notifier = notifier;
            this.worker = worker;
        }

        @Override
        public void onTaskStart(String key, int ignored) {
            notifier.taskStart(key, worker);
        }

        @Override
        public void onTaskEnd(String key, int ignored, long nanos, Throwable failure) {
            notifier.taskEnd(key, worker, nanos, failure);
        }

        @Override
        public void onCacheHit(String key, int ignored, long nanos) {
            notifier.cacheHit(key, worker, nanos);
        }

        @Override
        public void onCacheProblem(String key, Path entry, String problem) {
            notifier.cacheProblem(key, entry, problem);
        }
    }
}
