package dev.partita.cluster;

import dev.partita.graph.CacheCodec;
import dev.partita.graph.Graph;
import dev.partita.graph.RemoteRun;
import dev.partita.graph.ValueHolds;
import dev.partita.graph.WorkerRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One run on one member: the graph and codecs it sent, the member-local resources opened for it, and the
 * values this member holds, computed here or fetched for a task here (kept, and reported, so that the tasks
 * after it read them here too). The run owns the values: one is closed when the client releases the last
 * node holding it, or when the run ends.
 */
final class MemberRun {
    /** How long ending a run waits for its interrupted tasks, before closing what they hold all the same. */
    private static final long END_WAIT_SECONDS = 60;

    final String id;
    private final MemberStore store;
    private final RunSetup setup;
    private final WorkerRun resources;
    private final Graph graph;
    private final List<CacheCodec<?>> codecs;
    /** Guarded by this: node id -> value held here. */
    private final Map<Integer, Object> values = new HashMap<>();
    private final ValueHolds holds = new ValueHolds();
    private boolean ended;
    /** Whole values being fetched, so that two tasks here needing the same input fetch it once. */
    private final Map<Integer, CompletableFuture<Object>> fetching = new ConcurrentHashMap<>();
    /** Encodings longer than a frame, by fetch token, until their last frame is taken. */
    private final Map<Long, byte[]> encodings = new ConcurrentHashMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    /** Arrays indexed by node id that tasks fill with their inputs, reused so a task does not allocate one. */
    private final ConcurrentLinkedQueue<Object[]> arrays = new ConcurrentLinkedQueue<>();

    MemberRun(MemberStore store, String id, RunSetup setup, WorkerRun resources) {
        this.store = store;
        this.id = id;
        this.setup = setup;
        this.resources = resources;
        this.graph = setup.graph();
        this.codecs = setup.codecs();
    }

    UUID client() {
        return setup.client();
    }

    /** Runs node {@code node}, its inputs read here or fetched from {@code holders}. */
    TaskReply execute(int node, int[] inputs, UUID[] holders) {
        Thread self = Thread.currentThread();
        running.add(self);
        Object[] args = arrays.poll();
        if (args == null) {
            args = new Object[graph.size()];
        }
        List<AutoCloseable> temporary = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        long start = System.nanoTime();
        try {
            synchronized (this) {
                if (ended) {
                    return TaskReply.ended();
                }
            }
            for (int i = 0; i < inputs.length; i++) {
                args[inputs[i]] = input(inputs[i], holders[i], temporary, kept);
            }
            start = System.nanoTime();
            Object value = RemoteRun.evaluate(graph, node, args);
            long nanos = System.nanoTime() - start;
            if (!keep(node, value)) {
                ValueHolds.close(List.of(asCloseable(value)));
                return TaskReply.ended();
            }
            return TaskReply.done(nanos, Transport.sizeOf(value, codecs), kept.stream().mapToInt(k -> k).toArray());
        } catch (Exception | Error e) {
            InputLostException lost = InputLostException.in(e);
            if (lost != null) {
                return TaskReply.inputLost(lost.node, lost.holder);
            }
            synchronized (this) {
                if (ended) {
                    return TaskReply.ended();
                }
            }
            return TaskReply.failed(System.nanoTime() - start, e);
        } finally {
            for (int input : inputs) {
                args[input] = null;
            }
            arrays.add(args);
            ValueHolds.close(temporary);
            running.remove(self);
            Thread.interrupted();
        }
    }

    private static AutoCloseable asCloseable(Object value) {
        return value instanceof AutoCloseable ? (AutoCloseable) value : () -> { };
    }

    /** The value of input {@code node}: held here, or fetched from {@code holder} (kept, unless read in parts). */
    private Object input(int node, UUID holder, List<AutoCloseable> temporary, List<Integer> kept) throws Exception {
        CompletableFuture<Object> mine = null;
        CompletableFuture<Object> theirs;
        synchronized (this) {
            Object held = values.get(node);
            if (held != null) {
                return held;
            }
            theirs = fetching.get(node);
            if (theirs == null) {
                mine = new CompletableFuture<>();
                fetching.put(node, mine);
            }
        }
        if (theirs != null) {
            try {
                Object value = theirs.get();
                if (value != null) {
                    return value;
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
            // A value read in parts is not kept: each task here fetches its own header.
            return input(node, holder, temporary, kept);
        }
        try {
            if (holder.equals(store.self())) {
                throw new InputLostException(node, holder, null);
            }
            Transport.Fetched f = Transport.fetch(store.instance(), id, node, holder, codecs);
            if (f.parted()) {
                temporary.add(asCloseable(f.value()));
                fetching.remove(node);
                mine.complete(null);
                return f.value();
            }
            if (!keep(node, f.value())) {
                ValueHolds.close(List.of(asCloseable(f.value())));
                throw new IllegalStateException("run " + id + " ended");
            }
            kept.add(node);
            fetching.remove(node);
            mine.complete(f.value());
            return f.value();
        } catch (Exception | Error e) {
            fetching.remove(node);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Holds {@code value} as node {@code node}'s; false when the run ended (the caller closes the value). */
    private synchronized boolean keep(int node, Object value) {
        if (ended) {
            return false;
        }
        Object old = values.put(node, value);
        if (old != null) {
            holds.drop(old);
        }
        holds.hold(value);
        return true;
    }

    Frame frame(int node, int part, long token, long offset) throws IOException {
        byte[] bytes;
        if (offset == 0) {
            Object value;
            synchronized (this) {
                value = values.get(node);
            }
            if (value == null) {
                return Frame.missing();
            }
            bytes = Transport.encode(value, part, codecs);
            if (bytes.length > Frame.SIZE) {
                encodings.put(token, bytes);
            }
        } else {
            bytes = encodings.get(token);
            if (bytes == null) {
                return Frame.missing();
            }
        }
        int end = (int) Math.min(bytes.length, offset + Frame.SIZE);
        if (end == bytes.length) {
            encodings.remove(token);
        }
        return new Frame(bytes.length, Arrays.copyOfRange(bytes, (int) offset, end));
    }

    /**
     * Closes the values of {@code nodes} here. They are closed under the run's lock: a release and the run's end
     * arrive on separate threads, and the end must not close the run's allocator while a release still frees
     * buffers in it.
     */
    synchronized void release(int[] nodes) {
        for (int node : nodes) {
            Object value = values.remove(node);
            if (value != null) {
                holds.drop(value);
            }
        }
        ValueHolds.close(holds.takeUnheld());
    }

    /**
     * Ends the run: interrupts its tasks and waits for them, closes its values, then its resources (the
     * context's close fails on a leak). Returns what went wrong, or an empty string.
     */
    String end() {
        synchronized (this) {
            ended = true;
        }
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(END_WAIT_SECONDS);
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<AutoCloseable> unheld;
        synchronized (this) {
            values.values().forEach(holds::drop);
            values.clear();
            unheld = holds.takeUnheld();
        }
        encodings.clear();
        StringBuilder problems = new StringBuilder();
        if (!running.isEmpty()) {
            problems.append(running.size()).append(" task(s) still running after ").append(END_WAIT_SECONDS)
                    .append(" s; ");
        }
        Throwable failure = ValueHolds.close(unheld);
        if (failure != null) {
            problems.append("closing a value failed: ").append(failure).append("; ");
        }
        try {
            resources.close();
        } catch (Exception | Error e) {
            problems.append("closing the run's resources failed: ").append(e);
        }
        return problems.toString();
    }
}
