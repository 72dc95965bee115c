package dev.partita.bench;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Lazy;
import dev.partita.Scalar;
import dev.partita.cluster.ClusterScheduler;
import dev.partita.cluster.Worker;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.Schedulers;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Per-task overhead of the cluster scheduler on trivial tasks: members on loopback ports in this JVM, one
 * client, and graphs of (a) {@code tasks} independent {@code inc} tasks summed by a tree of fan-in 8, and (b)
 * a chain of {@code tasks / 10} tasks, each reading the previous one's value from wherever it is. Reports
 * wall time per task (what a task costs on top of its work when the cluster is kept busy), tasks dispatched
 * per second, and the local scheduler on the same graphs. A harness rather than JMH: each round is seconds
 * long and the cluster is shared state that JMH's forks would restart.
 *
 * <p>With {@code db FILE HOST:PORT}, it times db-benchmark's q1-q10 on FILE with the local scheduler and on
 * the cluster of the worker at HOST:PORT (e.g. two {@code partita worker} processes), each the best of
 * {@code rounds}; q10, whose answer has a row per ten input rows, is written to Parquet, as the comparison
 * harness does. The questions are the harness's own ({@code compare.PartitaEngine}), reached by reflection
 * to keep one definition of them.
 *
 * <p>With {@code kill FILE HOST:PORT PID Qn}, it times question Qn once locally, once on the cluster, and once
 * more on the cluster with the worker process PID killed (SIGKILL) when half as many tasks as the first
 * cluster run had have ended; it prints the three times and how many tasks ended beyond the first run's
 * count, which are the tasks computed again.
 *
 * <pre>{@code
 * java $HAZELCAST_FLAGS -cp benchmarks/target/benchmarks.jar dev.partita.bench.ClusterBench [members] [threads] [tasks] [rounds]
 * java $HAZELCAST_FLAGS -cp benchmarks/target/benchmarks.jar dev.partita.bench.ClusterBench db G1_1e7.parquet 127.0.0.1:5701 [rounds]
 * java $HAZELCAST_FLAGS -cp benchmarks/target/benchmarks.jar dev.partita.bench.ClusterBench kill G1_1e7.parquet 127.0.0.1:5701 4242 Q3
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

    /** Seconds of the best of {@code rounds} runs of question {@code q} on {@code file} with {@code options}. */
    static double question(Method query, Object q, String file, ComputeOptions options, Path out, int rounds)
            throws Exception {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            Lazy lazy = (Lazy) query.invoke(null, q, DataFrame.read(file));
            deleteTree(out);
            long start = System.nanoTime();
            if (q.toString().equals("Q10")) {
                ((DataFrame) lazy).write().options(options).parquet(out.toString());
            } else if (lazy instanceof DataFrame frame) {
                frame.compute(options).close();
            } else {
                ((Scalar<?>) lazy).compute(options);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        deleteTree(out);
        return best;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The comparison harness's {@code PartitaEngine.query(Question, DataFrame)}. */
    static Method queryMethod() throws ReflectiveOperationException {
        Method query = Class.forName("dev.partita.bench.compare.PartitaEngine")
                .getDeclaredMethod("query", Class.forName("dev.partita.bench.compare.Question"), DataFrame.class);
        query.setAccessible(true);
        return query;
    }

    /** The harness's question named {@code name} ("Q1" to "Q10"). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object named(String name) throws ReflectiveOperationException {
        return Enum.valueOf((Class) Class.forName("dev.partita.bench.compare.Question"), name);
    }

    static void db(String file, String address, int rounds) throws Exception {
        Method query = queryMethod();
        Path out = Files.createTempDirectory("cluster-bench").resolve("q10");
        try (ClusterScheduler cluster = ClusterScheduler.connect(address)) {
            ComputeOptions local = ComputeOptions.defaults();
            ComputeOptions remote = local.scheduler(cluster).threads(cluster.threads());
            System.out.printf(Locale.ROOT, "%s, local %d threads vs cluster %d threads, best of %d%n", file,
                    local.threads(), remote.threads(), rounds);
            double sumLocal = 0;
            double sumRemote = 0;
            for (int i = 1; i <= 10; i++) {
                Object q = named("Q" + i);
                double l = question(query, q, file, local, out, rounds);
                double c = question(query, q, file, remote, out, rounds);
                sumLocal += l;
                sumRemote += c;
                System.out.printf(Locale.ROOT, "q%-3d local %6.2f s  cluster %6.2f s  ratio %.2f%n", i, l, c, c / l);
            }
            System.out.printf(Locale.ROOT, "sum  local %6.2f s  cluster %6.2f s  ratio %.2f%n", sumLocal, sumRemote,
                    sumRemote / sumLocal);
        }
    }

    static void kill(String file, String address, long pid, String name) throws Exception {
        Method query = queryMethod();
        Object q = named(name);
        Path out = Files.createTempDirectory("cluster-bench").resolve("q10");
        ProcessHandle victim = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalArgumentException("no process " + pid + " to kill"));
        try (ClusterScheduler cluster = ClusterScheduler.connect(address)) {
            ComputeOptions local = ComputeOptions.defaults();
            double l = question(query, q, file, local, out, 1);
            AtomicInteger ended = new AtomicInteger();
            SchedulerListener counter = new SchedulerListener() {
                @Override
                public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                    ended.incrementAndGet();
                }
            };
            ComputeOptions counted = local.scheduler(cluster.withListener(counter)).threads(cluster.threads());
            double c = question(query, q, file, counted, out, 1);
            int tasks = ended.getAndSet(0);
            SchedulerListener killer = new SchedulerListener() {
                @Override
                public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                    if (ended.incrementAndGet() == tasks / 2) {
                        victim.destroyForcibly();
                    }
                }
            };
            ComputeOptions killing = local.scheduler(cluster.withListener(killer)).threads(cluster.threads());
            double k = question(query, q, file, killing, out, 1);
            System.out.printf(Locale.ROOT, "%s on %s: local %.2f s, cluster %.2f s (%d tasks), cluster with worker %d"
                    + " killed after %d tasks %.2f s (%d tasks computed again)%n", name, file, l, c, tasks, pid,
                    tasks / 2, k, ended.get() - tasks);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("db")) {
            db(args[1], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 2);
            return;
        }
        if (args.length > 0 && args[0].equals("kill")) {
            kill(args[1], args[2], Long.parseLong(args[3]), args[4]);
            return;
        }
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
