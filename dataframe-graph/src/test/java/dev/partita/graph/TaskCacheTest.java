package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskCacheTest {
    @TempDir
    Path dir;

    /** Records which tasks ran, which were cache hits and which entries had problems. */
    static class Counter implements SchedulerListener {
        final List<String> ran = Collections.synchronizedList(new ArrayList<>());
        final List<String> hits = Collections.synchronizedList(new ArrayList<>());
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onTaskStart(String key, int worker) {
            ran.add(key);
        }

        @Override
        public void onCacheHit(String key, int worker, long nanos) {
            hits.add(key);
        }

        @Override
        public void onCacheProblem(String key, Path entry, String problem) {
            problems.add(key + ": " + problem);
        }
    }

    static String concat(String a, String b) {
        return a + b;
    }

    static String join(String a, String b) {
        return a + b;
    }

    private static Graph graph(String a, String b) {
        return Graph.builder().value("a", Task.literal(a)).value("b", Task.literal(b))
                .task("x", TaskCacheTest::concat, "a", Task.literal("!"))
                .task("y", TaskCacheTest::concat, "b", Task.literal("?"))
                .task("z", TaskCacheTest::join, "x", "y")
                .build();
    }

    private Object run(Scheduler s, Graph g, Counter c) {
        return s.withCache(dir).withListener(c).get(g, "z");
    }

    @Test
    void secondRunReadsTheRequestedResultWithoutRunningItsInputs() {
        Counter first = new Counter();
        assertEquals("a!b?", run(Schedulers.local(2), graph("a", "b"), first));
        assertEquals(List.of("x", "y", "z"), first.ran.stream().sorted().toList());
        Counter second = new Counter();
        assertEquals("a!b?", run(Schedulers.sync(), graph("a", "b"), second));
        assertEquals(List.of(), second.ran);
        assertEquals(List.of("z"), second.hits);
    }

    @Test
    void aChangedInputRecomputesOnlyWhatDependsOnIt() throws IOException {
        run(Schedulers.sync(), graph("a", "b"), new Counter());
        Files.delete(zEntry());
        Counter c = new Counter();
        assertEquals("A!b?", run(Schedulers.sync(), graph("A", "b"), c));
        assertEquals(List.of("x", "z"), c.ran);
        assertEquals(List.of("y"), c.hits);
    }

    @Test
    void corruptOrTruncatedEntriesAreReportedOnceAndRecomputed() throws IOException {
        Graph g = graph("a", "b");
        run(Schedulers.sync(), g, new Counter());
        Path z = zEntry();
        try (RandomAccessFile f = new RandomAccessFile(z.toFile(), "rw")) {
            f.seek(f.length() - 2);
            int b = f.read();
            f.seek(f.length() - 2);
            f.write(b ^ 0x40);
        }
        Counter c = new Counter();
        assertEquals("a!b?", run(Schedulers.sync(), g, c));
        assertEquals(List.of("z: checksum mismatch"), c.problems);
        assertEquals(List.of("z"), c.ran);
        assertEquals(List.of("x", "y"), c.hits.stream().sorted().toList());

        try (RandomAccessFile f = new RandomAccessFile(z.toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        Counter truncated = new Counter();
        assertEquals("a!b?", run(Schedulers.local(2), g, truncated));
        assertEquals(1, truncated.problems.size());
        assertTrue(truncated.problems.get(0).startsWith("z: truncated"), truncated.problems.get(0));
        assertEquals(List.of("z"), truncated.ran);
        Counter clean = new Counter();
        run(Schedulers.sync(), g, clean);
        assertEquals(List.of(), clean.problems);
        assertEquals(List.of("z"), clean.hits);
    }

    static final class Opaque {
        @Override
        public String toString() {
            return "opaque";
        }
    }

    static String show(Object o) {
        return String.valueOf(o);
    }

    @Test
    void tasksWhoseInputsCannotBeHashedAreNotCached() throws IOException {
        Graph g = Graph.builder().value("o", new Opaque()).task("s", TaskCacheTest::show, "o")
                .task("n", Fns::inc, Task.literal(41)).build();
        Counter c = new Counter();
        Map<String, Object> out = Schedulers.sync().withCache(dir).withListener(c).get(g, List.of("s", "n"));
        assertEquals(Map.of("s", "opaque", "n", 42), out);
        Counter again = new Counter();
        Schedulers.sync().withCache(dir).withListener(again).get(g, List.of("s", "n"));
        assertEquals(List.of("s"), again.ran);
        assertEquals(List.of("n"), again.hits);
        assertEquals(1, TaskCache.at(dir).info().entries());
    }

    static byte[] block(int seed) {
        byte[] b = new byte[1000];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void aSizeCapEvictsTheLeastRecentlyUsedEntriesAndClearEmptiesTheDirectory() throws IOException {
        TaskCache cache = TaskCache.at(dir).maxBytes(2500);
        for (int i = 0; i < 4; i++) {
            Graph g = Graph.builder().task("b", TaskCacheTest::block, Task.literal(i)).build();
            Schedulers.sync().withCache(cache).get(g, "b");
        }
        TaskCache.Info info = cache.info();
        assertEquals(2, info.entries());
        assertTrue(info.bytes() <= 2500, "bytes " + info.bytes());
        assertTrue(!info.oldest().get().isAfter(info.newest().get()));
        Counter c = new Counter();
        Graph newest = Graph.builder().task("b", TaskCacheTest::block, Task.literal(3)).build();
        Schedulers.sync().withCache(cache).withListener(c).get(newest, "b");
        assertEquals(List.of("b"), c.hits);
        assertEquals(2, cache.clear());
        assertEquals(0, cache.info().entries());
    }

    static long firstBytes(List<Object> blocks) {
        long sum = 0;
        for (Object b : blocks) {
            sum += ((byte[]) b)[0];
        }
        return sum;
    }

    @Test
    void aCapSmallerThanOneRunNeverEvictsAnEntryTheRunIsAboutToRead() throws IOException {
        Graph.Builder before = Graph.builder();
        Graph.Builder after = Graph.builder();
        List<String> old = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            before.task("old" + i, TaskCacheTest::block, Task.literal(i));
            after.task("old" + i, TaskCacheTest::block, Task.literal(i));
            after.task("new" + i, TaskCacheTest::block, Task.literal(10 + i));
            old.add("old" + i);
            fresh.add("new" + i);
        }
        Schedulers.sync().withCache(dir).get(before.taskN("sum", TaskCacheTest::firstBytes, old).build(), "sum");
        List<String> newFirst = new ArrayList<>(fresh);
        newFirst.addAll(old);
        Graph g = after.taskN("sum", TaskCacheTest::firstBytes, newFirst).build();
        Counter c = new Counter();
        TaskCache tiny = TaskCache.at(dir).maxBytes(2500);
        assertEquals(28L + 108L, Schedulers.sync().withCache(tiny).withListener(c).get(g, "sum"));
        assertEquals(List.of(), c.problems);
        assertEquals(old, c.hits.stream().sorted().toList());
        assertEquals(8, tiny.info().entries(), "only the pinned entries outlive a cap they alone exceed");
    }

    @Test
    void anEntryDeletedAfterPlanningIsReportedAndRecomputed() throws IOException {
        Graph g = graph("a", "b");
        run(Schedulers.sync(), g, new Counter());
        Counter c = new Counter() {
            @Override
            public void onStart(Graph culled, List<String> keys) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        assertEquals("a!b?", run(Schedulers.local(2), g, c));
        assertEquals(List.of("z: deleted before it was read"), c.problems);
        assertEquals(List.of("x", "y", "z"), c.ran.stream().sorted().toList());
        assertEquals(3, TaskCache.at(dir).info().entries());
    }

    private Path zEntry() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> joins = files.filter(p -> p.getFileName().toString().startsWith("join-")).toList();
            assertEquals(1, joins.size(), "entries of z: " + joins);
            return joins.get(0);
        }
    }
}
