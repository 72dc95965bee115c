package dev.partita.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import dev.partita.graph.TaskFailedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Members that die mid-run: what they held is computed again, and a task that keeps killing them fails. */
class ClusterFailureTest {
    static final int LEAVES = 12;

    static long leaf(long i) throws InterruptedException {
        Thread.sleep(20);
        return i * i;
    }

    static long total(List<Object> values) {
        long sum = 0;
        for (Object v : values) {
            sum += (Long) v;
        }
        return sum;
    }

    static long poison(long x) throws InterruptedException {
        Thread.sleep(60_000);
        return x;
    }

    /** Records which worker each task started and ended on, and how often each started. */
    static final class Recorder implements SchedulerListener {
        final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();
        final Map<String, Integer> endedOn = new ConcurrentHashMap<>();

        @Override
        public void onTaskStart(String key, int worker) {
            starts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
            endedOn.put(key, worker);
        }

        Set<String> startedMoreThanOnce() {
            Set<String> out = new HashSet<>();
            starts.forEach((k, n) -> {
                if (n.get() > 1) {
                    out.add(k);
                }
            });
            return out;
        }
    }

    /**
     * Twelve leaves, then one task reading them all. Member 1 is killed as the last leaf ends: the leaves it
     * held, and only those, are computed again, and the sum is the same.
     */
    @Test
    void theResultsOfAKilledMemberAreComputedAgain() throws Exception {
        Graph.Builder b = Graph.builder();
        List<String> leaves = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < LEAVES; i++) {
            b.value("i-" + i, (long) i);
            b.task("leaf-" + i, ClusterFailureTest::leaf, "i-" + i);
            leaves.add("leaf-" + i);
            expected += (long) i * i;
        }
        Graph g = b.taskN("total", ClusterFailureTest::total, leaves).build();
        try (TestCluster cluster = new TestCluster(3, 2)) {
            Recorder recorder = new Recorder();
            Set<String> onKilled = new HashSet<>();
            SchedulerListener killer = new SchedulerListener() {
                int ended;

                @Override
                public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                    if (key.startsWith("leaf-") && ++ended == LEAVES) {
                        recorder.endedOn.forEach((k, w) -> {
                            if (w == 1) {
                                onKilled.add(k);
                            }
                        });
                        cluster.kill(1);
                    }
                }
            };
            Object sum = cluster.client.withListener(recorder).withListener(killer).get(g, "total");
            assertEquals(expected, sum);
            assertFalse(onKilled.isEmpty(), "member 1 computed no leaf: " + recorder.endedOn);
            Set<String> again = recorder.startedMoreThanOnce();
            again.remove("total");
            assertEquals(onKilled, again, "leaves computed again");
            assertTrue(recorder.starts.get("total").get() <= 2, "total started " + recorder.starts.get("total"));
        }
    }

    /** A task that was running on three members that died is not tried again: the run fails naming it and them. */
    @Test
    void aTaskRunningOnThreeMembersThatDiedFailsTheRun() throws Exception {
        Graph g = Graph.builder().value("x", 1L).task("poison", ClusterFailureTest::poison, "x").build();
        try (TestCluster cluster = new TestCluster(4, 1)) {
            List<String> addresses = cluster.workers.stream().map(w -> "[" + w.address().replace(":", "]:")).toList();
            List<Integer> killed = new ArrayList<>();
            SchedulerListener killer = new SchedulerListener() {
                @Override
                public void onTaskStart(String key, int worker) {
                    killed.add(worker);
                    cluster.kill(worker);
                }
            };
            TaskFailedException e = assertThrows(TaskFailedException.class,
                    () -> cluster.client.withListener(killer).get(g, "poison"));
            assertEquals("poison", e.key());
            KilledWorkerException k = assertInstanceOf(KilledWorkerException.class, e.getCause());
            assertEquals(ClusterRun.ATTEMPTS, k.members().size());
            assertEquals(3, new HashSet<>(killed).size(), "a new member each attempt: " + killed);
            assertEquals(killed.stream().map(addresses::get).toList(), k.members());
        }
    }
}
