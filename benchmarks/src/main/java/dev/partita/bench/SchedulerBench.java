package dev.partita.bench;

import dev.partita.graph.F1;
import dev.partita.graph.FN;
import dev.partita.graph.Graph;
import dev.partita.graph.Scheduler;
import dev.partita.graph.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-task overhead of the schedulers on trivial tasks, reported in µs per task: (a) 100,000 independent
 * tasks summed by a tree of fan-in 8 and (b) a chain of 100,000 tasks. Graph construction is in the setup;
 * each measured call plans, culls, orders and runs the graph.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar SchedulerBench -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SchedulerBench {
    static final int LEAVES = 100_000;
    static final int FAN_IN = 8;
    /** Leaves plus the sums of every level: 100,000 + 12,500 + 1,563 + 196 + 25 + 4 + 1. */
    static final int TREE_TASKS = 114_289;
    static final int CHAIN = 100_000;

    @Param({"sync", "local"})
    public String scheduler;

    private Scheduler s;
    private Graph tree;
    private String treeRoot;
    private Graph chain;

    static int inc(int x) {
        return x + 1;
    }

    static long sum(List<Object> args) {
        long total = 0;
        for (Object a : args) {
            total += ((Number) a).longValue();
        }
        return total;
    }

    @Setup
    public void setup() {
        s = scheduler.equals("sync") ? Schedulers.sync() : Schedulers.local();
        F1<Integer, Integer> inc = SchedulerBench::inc;
        FN<Long> sum = SchedulerBench::sum;

        Graph.Builder b = Graph.builder();
        List<String> level = new ArrayList<>();
        for (int i = 0; i < LEAVES; i++) {
            b.task("leaf-" + i, inc, i);
            level.add("leaf-" + i);
        }
        int tasks = LEAVES;
        for (int depth = 1; level.size() > 1; depth++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += FAN_IN) {
                String key = "sum-" + depth + "-" + next.size();
                b.taskN(key, sum, level.subList(i, Math.min(level.size(), i + FAN_IN)));
                next.add(key);
            }
            tasks += next.size();
            level = next;
        }
        if (tasks != TREE_TASKS) {
            throw new IllegalStateException("tree has " + tasks + " tasks, not " + TREE_TASKS);
        }
        tree = b.build();
        treeRoot = level.get(0);

        Graph.Builder c = Graph.builder().value("c-0", 0);
        for (int i = 1; i <= CHAIN; i++) {
            c.task("c-" + i, inc, "c-" + (i - 1));
        }
        chain = c.build();
    }

    @Benchmark
    @OperationsPerInvocation(TREE_TASKS)
    public Object tree() {
        return s.get(tree, treeRoot);
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Object chain() {
        return s.get(chain, "c-" + CHAIN);
    }
}
