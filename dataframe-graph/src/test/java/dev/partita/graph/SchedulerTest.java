package dev.partita.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulerTest {
    static Stream<Scheduler> schedulers() {
        return Stream.of(Schedulers.sync(), Schedulers.local(1), Schedulers.local(2), Schedulers.local(4));
    }

    static Set<String> workerThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("partita-local-") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @AfterEach
    void noWorkerThreadOutlivesGet() {
        assertEquals(Set.of(), workerThreads());
    }

    /** Records task callbacks thread-safely. */
    static final class Recorder implements ReleaseListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Set<String> started = Collections.synchronizedSet(new HashSet<>());
        final Set<Integer> workers = Collections.synchronizedSet(new HashSet<>());
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger maxLive = new AtomicInteger();
        volatile Graph graph;

        @Override
        public void onStart(Graph g, List<String> keys) {
            graph = g;
            events.add("start " + keys);
        }

        @Override
        public void onTaskStart(String key, int worker) {
            started.add(key);
            workers.add(worker);
            events.add("begin " + key);
        }

        @Override
        public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
            maxLive.accumulateAndGet(live.incrementAndGet(), Math::max);
            events.add("end " + key + (failure == null ? "" : " " + failure.getMessage()));
        }

        @Override
        public void onRelease(String key) {
            live.decrementAndGet();
            events.add("release " + key);
        }

        @Override
        public void onFinish(Throwable failure) {
            events.add("finish " + (failure == null ? "ok" : failure.getClass().getSimpleName()));
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void computesRequestedKeysInRequestOrderAndRunsOnlyWhatTheyNeed(Scheduler scheduler) {
        Recorder recorder = new Recorder();
        Graph g = Graph.builder().value("x", 1).task("y", Fns::inc, "x").task("z", Fns::add, "x", "y")
                .task("unused", Fns::inc, "z").value("lit", "text").build();
        Map<String, Object> r = scheduler.withListener(recorder).get(g, List.of("z", "y", "lit", "z"));
        assertEquals(List.of("z", "y", "lit"), new ArrayList<>(r.keySet()));
        assertEquals(List.of(3, 2, "text"), new ArrayList<>(r.values()));
        assertEquals(Set.of("y", "z"), recorder.started);
        assertEquals(Set.of("x", "y", "z", "lit"), recorder.graph.keys());
        assertEquals(2, scheduler.get(g, "y"));
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void nullResultsAreValues(Scheduler scheduler) {
        Graph g = Graph.builder().task("n", () -> null).task("isNull", (Object o) -> o == null, "n").build();
        Map<String, Object> r = scheduler.get(g, List.of("n", "isNull"));
        assertNull(r.get("n"));
        assertEquals(true, r.get("isNull"));
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void listenerCallsComeInOrder(Scheduler scheduler) {
        Recorder recorder = new Recorder();
        Graph g = Graph.builder().value("x", 1).task("y", Fns::inc, "x").task("z", Fns::add, "x", "y").build();
        scheduler.withListener(recorder).get(g, "z");
        assertEquals(List.of("start [z]", "begin y", "end y", "begin z", "end z", "release y", "finish ok"),
                recorder.events);
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void listenerFailureDoesNotStopTheRunAndIsRethrownAtTheEnd(Scheduler scheduler) {
        AtomicInteger ran = new AtomicInteger();
        Recorder recorder = new Recorder();
        IllegalStateException boom = new IllegalStateException("listener boom");
        SchedulerListener failing = new SchedulerListener() {
            @Override
            public void onTaskStart(String key, int worker) {
                throw boom;
            }
        };
        Graph g = Graph.builder().task("a", () -> ran.incrementAndGet()).task("b", () -> ran.incrementAndGet())
                .task("c", Fns::add, "a", "b").build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> scheduler.withListener(failing).withListener(recorder).get(g, "c"));
        assertSame(boom, e);
        assertEquals(2, ran.get());
        assertEquals(Set.of("a", "b", "c"), recorder.started);
        assertEquals("finish ok", recorder.events.get(recorder.events.size() - 1));
    }

    /** A graph of {@code b} after {@code a}, then 30 tasks after {@code b}, each counting in {@code ran}. */
    private static Graph chainAndMore(F0<Integer> a, AtomicInteger ran, List<String> keys) {
        Graph.Builder b = Graph.builder().task("a", a).task("b", Fns::inc, "a");
        F1<Integer, Integer> count = x -> ran.incrementAndGet();
        for (int i = 0; i < 30; i++) {
            b.task("more" + i, count, "b");
            keys.add("more" + i);
        }
        return b.build();
    }

    /** {@code get} returning or throwing within 20 s; what it threw, null when it returned. */
    private static Throwable outcome(Scheduler scheduler, Graph g, List<String> keys) {
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                scheduler.get(g, keys);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertEquals(Set.of(), workerThreads());
        return thrown;
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void anErrorInATaskEndsTheRunWithThatError(Scheduler scheduler) {
        AtomicInteger ran = new AtomicInteger();
        AssertionError boom = new AssertionError("task error");
        List<String> keys = new ArrayList<>();
        Graph g = chainAndMore(() -> {
            throw boom;
        }, ran, keys);
        Throwable thrown = outcome(scheduler, g, keys);
        TaskFailedException e = assertInstanceOf(TaskFailedException.class, thrown);
        assertEquals("a", e.key());
        assertSame(boom, e.getCause());
        assertEquals(0, ran.get());
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void anErrorInAListenerEndsTheRunWithThatError(Scheduler scheduler) {
        AtomicInteger ran = new AtomicInteger();
        OutOfMemoryError boom = new OutOfMemoryError("listener error");
        Recorder recorder = new Recorder();
        SchedulerListener failing = new SchedulerListener() {
            @Override
            public void onTaskStart(String key, int worker) {
                if (key.equals("b")) {
                    throw boom;
                }
            }
        };
        List<String> keys = new ArrayList<>();
        Graph g = chainAndMore(() -> ran.incrementAndGet(), ran, keys);
        assertSame(boom, outcome(scheduler.withListener(failing).withListener(recorder), g, keys));
        assertFalse(recorder.events.contains("end b"), "b ran after its listener failed: " + recorder.events);
        assertEquals("finish OutOfMemoryError", recorder.events.get(recorder.events.size() - 1));
        assertEquals(1, ran.get(), "only a ran");
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void anErrorInTheBookkeepingAfterATaskEndsTheRunWithThatError(Scheduler scheduler) {
        StackOverflowError boom = new StackOverflowError("release error");
        ReleaseListener failing = key -> {
            throw boom;
        };
        AtomicInteger ran = new AtomicInteger();
        List<String> keys = new ArrayList<>();
        Graph g = chainAndMore(() -> ran.incrementAndGet(), ran, keys);
        assertSame(boom, outcome(scheduler.withListener(failing), g, keys));
        assertEquals(1, ran.get(), "b's dependents ran after the release of a failed");
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void anErrorInOnStartRunsNothingAndOneInOnFinishIsThrownAfterTheRun(Scheduler scheduler) {
        AtomicInteger ran = new AtomicInteger();
        List<String> keys = new ArrayList<>();
        Graph g = chainAndMore(() -> ran.incrementAndGet(), ran, keys);
        AssertionError atStart = new AssertionError("start");
        SchedulerListener failsAtStart = new SchedulerListener() {
            @Override
            public void onStart(Graph graph, List<String> k) {
                throw atStart;
            }
        };
        assertSame(atStart, outcome(scheduler.withListener(failsAtStart), g, keys));
        assertEquals(0, ran.get());
        AssertionError atFinish = new AssertionError("finish");
        SchedulerListener failsAtFinish = new SchedulerListener() {
            @Override
            public void onFinish(Throwable failure) {
                throw atFinish;
            }
        };
        assertSame(atFinish, outcome(scheduler.withListener(failsAtFinish), g, keys));
        assertEquals(31, ran.get());
    }

    @Test
    void independentTasksRunConcurrently() {
        CountDownLatch both = new CountDownLatch(2);
        F0<Boolean> meet = () -> {
            both.countDown();
            return both.await(20, TimeUnit.SECONDS);
        };
        Graph g = Graph.builder().task("a", meet).task("b", meet).build();
        assertEquals(Map.of("a", true, "b", true), Schedulers.local(2).get(g, List.of("a", "b")));
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void failureNamesTheKeyKeepsTheCauseAndStopsTheRun(Scheduler scheduler) {
        IOException cause = new IOException("disk on fire");
        Recorder recorder = new Recorder();
        Graph.Builder b = Graph.builder().value("x", 1).task("bad", (Integer x) -> {
            throw cause;
        }, "x").task("dependent", Fns::inc, "bad");
        List<String> keys = new ArrayList<>(List.of("bad", "dependent"));
        for (int i = 0; i < 50; i++) {
            b.task("later" + i, () -> 0);
            keys.add("later" + i);
        }
        TaskFailedException e = assertThrows(TaskFailedException.class,
                () -> scheduler.withListener(recorder).get(b.build(), keys));
        assertEquals("bad", e.key());
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("disk on fire"), e.getMessage());
        assertFalse(recorder.started.contains("dependent"));
        List<String> events = List.copyOf(recorder.events);
        List<String> afterFailure = events.subList(events.indexOf("end bad disk on fire"), events.size());
        // Only tasks that the other workers (at most 3 here) had already taken may still begin.
        assertTrue(afterFailure.stream().filter(ev -> ev.startsWith("begin ")).count() <= 3,
                "tasks begun after the failure: " + afterFailure);
        assertEquals("finish TaskFailedException", recorder.events.get(recorder.events.size() - 1));
    }

    @Test
    void failureInterruptsRunningTasksAndStartsNoPendingOne() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        AtomicReference<Throwable> slowSaw = new AtomicReference<>();
        AtomicInteger pending = new AtomicInteger();
        Graph.Builder b = Graph.builder().task("slow", () -> {
            slowStarted.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                slowSaw.set(e);
                throw e;
            }
            return 0;
        }).task("bad", () -> {
            slowStarted.await();
            throw new IllegalArgumentException("bad input");
        });
        List<String> keys = new ArrayList<>(List.of("slow", "bad"));
        for (int i = 0; i < 20; i++) {
            b.task("pending" + i, () -> pending.incrementAndGet());
            keys.add("pending" + i);
        }
        TaskFailedException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(TaskFailedException.class, () -> Schedulers.local(2).get(b.build(), keys)));
        assertEquals("bad", e.key());
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertInstanceOf(InterruptedException.class, slowSaw.get());
        assertEquals(0, pending.get());
        assertEquals(Set.of(), workerThreads());
    }

    @Test
    void interruptingTheCallerCancelsTheLocalRun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> taskSaw = new AtomicReference<>();
        AtomicReference<Throwable> callerGot = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Graph g = Graph.builder().task("slow", () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                taskSaw.set(e);
                throw e;
            }
            return 1;
        }).task("next", Fns::inc, "slow").build();
        Thread caller = new Thread(() -> {
            try {
                Schedulers.local(2).get(g, "next");
            } catch (Throwable e) {
                callerGot.set(e);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(10_000);
        assertFalse(caller.isAlive());
        assertInstanceOf(CancellationException.class, callerGot.get());
        assertInstanceOf(InterruptedException.class, taskSaw.get());
        assertTrue(flagAfter.get());
    }

    @Test
    void interruptedCallerCancelsTheSyncRun() {
        AtomicInteger ran = new AtomicInteger();
        Graph g = Graph.builder().task("a", () -> ran.incrementAndGet()).build();
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> Schedulers.sync().get(g, "a"));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, ran.get());
    }

    @Test
    void nestedGetFromInsideTasksOnTheSameSchedulerDoesNotDeadlock() {
        Scheduler scheduler = Schedulers.local(2);
        Graph inner = Graph.builder().value("x", 1).task("y", Fns::inc, "x").task("z", Fns::add, "x", "y").build();
        F1<Integer, Integer> viaNested = i -> (Integer) scheduler.get(inner, "z") + i;
        Graph.Builder outer = Graph.builder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            outer.task("n" + i, viaNested, i);
            keys.add("n" + i);
        }
        Map<String, Object> r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> scheduler.get(outer.build(), keys));
        for (int i = 0; i < 6; i++) {
            assertEquals(3 + i, r.get("n" + i));
        }
    }

    @ParameterizedTest
    @MethodSource("schedulers")
    void millionTaskChainNeedsNoDeepStack(Scheduler scheduler) {
        int n = 1_000_000;
        Graph.Builder b = Graph.builder().value("k0", 0);
        F1<Integer, Integer> inc = Fns::inc;
        for (int i = 1; i <= n; i++) {
            b.task("k" + i, inc, "k" + (i - 1));
        }
        Graph g = b.build();
        assertEquals(n, scheduler.get(g, "k" + n));
    }

    /**
     * Run alone, the post-order keeps at most fan-in - 1 partial inputs per tree level alive (31 here); each
     * extra worker can at worst hold another such path, hence the bound of 32 per thread, far below the
     * 11,430 results a scheduler that never releases would hold.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void liveResultsStayBoundedOnAWideSumTree(int threads) {
        Scheduler scheduler = threads == 0 ? Schedulers.sync() : Schedulers.local(threads);
        SumTree tree = SumTree.of(10_000, 8);
        Recorder recorder = new Recorder();
        assertEquals(tree.expected, scheduler.withListener(recorder).get(tree.graph, tree.root));
        assertEquals(1, recorder.live.get(), "only the requested root stays alive");
        int bound = 32 * Math.max(1, threads);
        assertTrue(recorder.maxLive.get() <= bound, "max live results: " + recorder.maxLive.get());
        assertTrue(recorder.maxLive.get() >= 8, "max live results: " + recorder.maxLive.get());
    }

    /** A sum over {@code leaves} leaf tasks by a tree of the given fan-in. */
    record SumTree(Graph graph, String root, long expected) {
        static SumTree of(int leaves, int fanIn) {
            Graph.Builder b = Graph.builder();
            List<String> level = new ArrayList<>();
            long expected = 0;
            for (int i = 0; i < leaves; i++) {
                int v = i;
                b.task("leaf-" + i, () -> v);
                level.add("leaf-" + i);
                expected += i;
            }
            FN<Long> sum = Fns::sum;
            for (int depth = 1; level.size() > 1; depth++) {
                List<String> next = new ArrayList<>();
                for (int i = 0; i < level.size(); i += fanIn) {
                    String key = "sum-" + depth + "-" + next.size();
                    b.taskN(key, sum, level.subList(i, Math.min(level.size(), i + fanIn)));
                    next.add(key);
                }
                level = next;
            }
            return new SumTree(b.build(), level.get(0), expected);
        }
    }
}
