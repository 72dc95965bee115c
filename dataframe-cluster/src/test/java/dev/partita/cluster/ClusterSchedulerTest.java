package dev.partita.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.graph.Graph;
import dev.partita.graph.Schedulers;
import dev.partita.graph.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain graphs on three members in this JVM: the local answers, failures named by key, nothing left behind. */
class ClusterSchedulerTest {
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static long inc(long x) {
        return x + 1;
    }

    static long add(long x, long y) {
        return x + y;
    }

    static long slow(long x) throws InterruptedException {
        Thread.sleep(15);
        return x + 1;
    }

    static long boom(long x) {
        throw new IllegalStateException("boom at " + x);
    }

    /** A tree: 64 leaves, sums of pairs up to one root. */
    static Graph tree() {
        Graph.Builder b = Graph.builder();
        List<String> level = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            b.value("x-" + i, (long) i);
            b.task("inc-" + i, ClusterSchedulerTest::inc, "x-" + i);
            level.add("inc-" + i);
        }
        for (int depth = 0; level.size() > 1; depth++) {
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                String key = "sum-" + depth + "-" + i;
                b.task(key, ClusterSchedulerTest::add, level.get(i), level.get(i + 1));
                next.add(key);
            }
            level = next;
        }
        return b.build();
    }

    @Test
    void treeGivesTheLocalAnswer() {
        Graph g = tree();
        Map<String, Object> local = Schedulers.local(2).get(g, List.of("sum-5-0", "inc-3"));
        Map<String, Object> remote = cluster.client.get(g, List.of("sum-5-0", "inc-3"));
        assertEquals(local, remote);
        assertEquals(64L * 65 / 2, remote.get("sum-5-0"));
    }

    @Test
    void aFailingTaskNamesItsKey() {
        Graph g = Graph.builder().value("x", 1L).task("y", ClusterSchedulerTest::inc, "x")
                .task("bad", ClusterSchedulerTest::boom, "y").task("z", ClusterSchedulerTest::inc, "bad").build();
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> cluster.client.get(g, "z"));
        assertEquals("bad", e.key());
        assertTrue(e.getCause() instanceof IllegalStateException && e.getCause().getMessage().equals("boom at 2"),
                () -> "cause: " + e.getCause());
    }

    @Test
    void aTaskThatCannotBeSerializedFailsBeforeTheRunNamingItsKey() {
        Object notSerializable = new Object();
        Graph g = Graph.builder().value("x", 1L).task("y", ClusterSchedulerTest::inc, "x")
                .task("odd", (Object o) -> o.hashCode(), dev.partita.graph.Task.literal(notSerializable)).build();
        List<String> started = new ArrayList<>();
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> cluster.client
                .withListener(new dev.partita.graph.SchedulerListener() {
                    @Override
                    public void onTaskStart(String key, int worker) {
                        started.add(key);
                    }
                }).get(g, List.of("y", "odd")));
        assertEquals("odd", e.key());
        assertTrue(e.getMessage().contains("java.lang.Object"), e::getMessage);
        assertEquals(List.of(), started, "no task may start");
    }

    /** Sixty independent slow tasks: no member ever has more than its threads + 1 tasks handed to it. */
    @Test
    void aMemberIsHandedAtMostItsThreadsPlusOneTasks() {
        Graph.Builder b = Graph.builder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            b.value("x-" + i, (long) i);
            b.task("slow-" + i, ClusterSchedulerTest::slow, "x-" + i);
            keys.add("slow-" + i);
        }
        int[] outstanding = new int[3];
        int[] most = new int[3];
        Map<String, Integer> on = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Object> out = cluster.client.withListener(new dev.partita.graph.SchedulerListener() {
            @Override
            public synchronized void onTaskStart(String key, int worker) {
                on.put(key, worker);
                most[worker] = Math.max(most[worker], ++outstanding[worker]);
            }

            @Override
            public synchronized void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                outstanding[worker]--;
            }
        }).get(b.build(), keys);
        assertEquals(60, out.size());
        assertEquals(3, new java.util.HashSet<>(on.values()).size(), "every member ran tasks: " + on);
        for (int w = 0; w < 3; w++) {
            assertTrue(most[w] == 3, "member " + w + " had " + most[w] + " tasks at once; 2 threads + 1 expected");
        }
    }

    /** Three chains of five tasks: each chain runs on the member holding its previous link, which is free. */
    @Test
    void aTaskRunsWhereItsInputIs() {
        Graph.Builder b = Graph.builder();
        List<String> ends = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            b.value("c" + c + "-0", (long) c);
            for (int i = 1; i <= 5; i++) {
                b.task("c" + c + "-" + i, ClusterSchedulerTest::inc, "c" + c + "-" + (i - 1));
            }
            ends.add("c" + c + "-5");
        }
        Map<String, Integer> on = new java.util.concurrent.ConcurrentHashMap<>();
        cluster.client.withListener(new dev.partita.graph.SchedulerListener() {
            @Override
            public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
                on.put(key, worker);
            }
        }).get(b.build(), ends);
        for (int c = 0; c < 3; c++) {
            for (int i = 2; i <= 5; i++) {
                assertEquals(on.get("c" + c + "-1"), on.get("c" + c + "-" + i), "chain " + c + ": " + on);
            }
        }
    }
}
