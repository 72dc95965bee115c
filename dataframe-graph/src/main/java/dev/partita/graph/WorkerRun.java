package dev.partita.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The resources one remote run has in a process that runs its tasks: that process's memory limit, threads
 * and temporary directory, and the objects opened for the run there (an allocator, a spill directory), closed
 * when the run ends. While the process decodes what the run sent (its graph, its codecs), {@link #decoding()}
 * is this run, so an argument that stands for a process-local resource (a computation's context) binds to
 * the one this process opened for the run instead of arriving empty.
 *
 * <pre>{@code
 * Object readResolve() { WorkerRun w = WorkerRun.decoding(); return w == null ? this : w.resource("ctx", () -> open(w)); }
 * Graph g = workerRun.decode(() -> readGraph(in));
 * }</pre>
 */
public final class WorkerRun implements AutoCloseable {
    private static final ThreadLocal<WorkerRun> DECODING = new ThreadLocal<>();

    private final String id;
    private final long memoryLimit;
    private final int threads;
    private final Path spillDir;
    private final Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    private boolean closed;

    /**
     * The resources of run {@code id} in this process: at most {@code memoryLimit} bytes (0: what the client
     * asked for), {@code threads} tasks at once, temporary files under {@code spillDir} (null: java.io.tmpdir).
     */
    public WorkerRun(String id, long memoryLimit, int threads, Path spillDir) {
        this.id = id;
        this.memoryLimit = memoryLimit;
        this.threads = threads;
        this.spillDir = spillDir;
    }

    /** The run being decoded on this thread, or null. */
    public static WorkerRun decoding() {
        return DECODING.get();
    }

    /** Runs {@code body} (which decodes what the run sent) with {@link #decoding()} set to this run. */
    public <T> T decode(Callable<T> body) throws Exception {
        WorkerRun outer = DECODING.get();
        DECODING.set(this);
        try {
            return body.call();
        } finally {
            DECODING.set(outer);
        }
    }

    /** The memory limit of this process for the run in bytes; 0 when the client's limit applies. */
    public long memoryLimit() {
        return memoryLimit;
    }

    public int threads() {
        return threads;
    }

    /** Where the run's temporary files go in this process; null for java.io.tmpdir. */
    public Path spillDir() {
        return spillDir;
    }

    /** The resource named {@code name}, opened by {@code open} the first time it is asked for; closed with the run. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends AutoCloseable> T resource(String name, Supplier<T> open) {
        if (closed) {
            throw new IllegalStateException("run " + id + " has ended");
        }
        return (T) resources.computeIfAbsent(name, n -> open.get());
    }

    /** Closes the run's resources, the last opened first, all of them whatever fails; throws the first failure. */
    @Override
    public void close() throws Exception {
        List<AutoCloseable> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(resources.values());
        }
        java.util.Collections.reverse(all);
        Throwable failure = ValueHolds.close(all);
        if (failure instanceof Exception) {
            throw (Exception) failure;
        }
        if (failure != null) {
            throw (Error) failure;
        }
    }
}
