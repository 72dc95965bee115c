package dev.partita.bench;

import dev.partita.cluster.ClusterScheduler;
import dev.partita.cluster.Worker;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-task overhead of the cluster scheduler on trivial tasks: members on loopback ports in this JVM, one
 * client, and graphs of (a) {@code tasks} independent {@code inc} tasks summed by a tree of fan-in 8, and (b)
 * a chain of {@code tasks / 10} tasks, each reading the previous one's value from wherever it is. Reports
 * wall time per task (what a task costs on top of its work when the cluster is kept busy), tasks dispatched
 * per second, and the local scheduler on the same graphs. A harness rather than JMH: each round is seconds
 * long and the cluster is shared state that JMH's forks would restart.
 *
 * <pre>{@code
 * java $HAZELCAST_FLAGS -cp benchmarks/target/benchmarks.jar dev.partita.bench.ClusterBench [members] [threads] [tasks] [rounds]
 * }</pre>
 */
public final class ClusterBench {
    private ClusterBench() {
    }

    static long inc(long x) {
        return x + 1;
    }

    static long sum(List<Object> xs) {
        long s = 0;
        for (Object x : xs) {
            s += (Long) x;
        }
        return s;
    }

    /** {@code n} independent tasks summed by a tree of fan-in 8; returns the root's key, the graph in {@code out}. */
    static String tree(int n, Graph[] out) {
        Graph.Builder b = Graph.builder();
        List<String> level = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.value("x-" + i, (long) i);
            b.task("inc-" + i, ClusterBench::inc, "x-" + i);
            level.add("inc-" + i);
        }
        for (int depth = 0; level.size() > 1; depth++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 8) {
                String key = "sum-" + depth + "-" + i;
                b.taskN(key, ClusterBench::sum, level.subList(i, Math.min(i + 8, level.size())));
                next.add(key);
            }
            level = next;
        }
        out[0] = b.build();
        return level.get(0);
    }

    static String chain(int n, Graph[] out) {
        Graph.Builder b = Graph.builder().value("c-0", 0L);
        for (int i = 1; i <= n; i++) {
            b.task("c-" + i, ClusterBench::inc, "c-" + (i - 1));
        }
        out[0] = b.build();
        return "c-" + n;
    }

    /** The best of {@code rounds} runs of {@code key}, in seconds. */
    static double best(Scheduler s, Graph g, String key, int rounds) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            s.get(g, key);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<Worker> workers = new ArrayList<>();
        int port = 5801;
        try {
            for (int i = 0; i < members; i++) {
                Worker.Builder b = Worker.builder().port(port + i).threads(threads);
                if (i > 0) {
                    b.join("127.0.0.1:" + port);
                }
                workers.add(b.start());
            }
            Graph[] tree = new Graph[1];
            String treeKey = tree(tasks, tree);
            int treeTasks = (int) tree[0].keys().stream().filter(k -> !k.startsWith("x-")).count();
            Graph[] chain = new Graph[1];
            String chainKey = chain(tasks / 10, chain);
            try (ClusterScheduler cluster = ClusterScheduler.connect("127.0.0.1:" + port)) {
                best(cluster, tree[0], treeKey, 2);
                double treeSeconds = best(cluster, tree[0], treeKey, rounds);
                double chainSeconds = best(cluster, chain[0], chainKey, rounds);
                Scheduler local = Schedulers.local(threads);
                double localTree = best(local, tree[0], treeKey, rounds);
                System.out.printf(Locale.ROOT, "%d members x %d threads, loopback, best of %d%n", members, threads,
                        rounds);
                System.out.printf(Locale.ROOT, "(a) tree of %,d tasks: %.0f us/task, %,.0f tasks/s (local: %.2f us/task)%n",
                        treeTasks, treeSeconds * 1e6 / treeTasks, treeTasks / treeSeconds, localTree * 1e6 / treeTasks);
                System.out.printf(Locale.ROOT, "(b) chain of %,d tasks: %.0f us/task (one task at a time: a round trip each)%n",
                        tasks / 10, chainSeconds * 1e6 / (tasks / 10));
            }
        } finally {
            for (Worker w : workers) {
                w.close();
            }
        }
    }
}
