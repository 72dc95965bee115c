package dev.partita.exec;

import dev.partita.graph.Tokenizable;
import dev.partita.graph.WorkerRun;
import dev.partita.io.ArrowRuntime;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One computation's runtime state, passed to every task: the computation's allocator (a child of
 * {@link Memory#root()} with the memory limit; each task takes a child of it), the budgets its tasks
 * divide that limit by, and the directory its temporary files go to. Values that tasks return belong to
 * the graph run, which closes them; {@link #close()} then deletes the temporary files and closes the
 * allocator, which fails if a batch is still open (a leak). Contexts compare by id, so the graphs of values
 * computed together merge; the allocator is not part of a context's identity. A context sent to a cluster
 * member arrives as that member's own context for the run ({@code readResolve}).
 *
 * <pre>{@code
 * try (ExecContext ctx = ExecContext.open(limit)) {
 *   Object out = scheduler.get(graph, key);
 * }
 * }</pre>
 */
public final class ExecContext implements Serializable, AutoCloseable, Tokenizable {

  private static final long serialVersionUID = 1L;
  private static final AtomicLong IDS = new AtomicLong();
  private static final ExecContext DISPLAY = new ExecContext(0, null, null, Memory.defaultLimit(),
      Runtime.getRuntime().availableProcessors(), 0);
  /**
   * A state of budget B can take about 8B of heap: its arrays grow by doubling (old and new live during the
   * copy), a flush writes a copy of it, and the heap also holds the scan's buffers.
   */
  static final int HEAP_HEADROOM = 8;
  /** The share of the memory limit that shuffle outputs may keep in memory between their map and reduce tasks. */
  private static final int SHUFFLE_MEMORY_SHARE = 8;
  /**
   * The share of a thread's part of the memory limit a shuffle map task buffers before writing: a task holds its
   * scan's batches, the buffer, and (aggregating) a state and its split copy of about the buffer's size each.
   */
  private static final int SHUFFLE_BUFFER_SHARE = 8;
  /** The most a map task buffers whatever the limit: past this, larger writes gain nothing. */
  private static final long SHUFFLE_BUFFER_MAX = 64L << 20;

  private final long id;
  private final transient BufferAllocator allocator;
  private final transient SpillDir spill;
  private final long memoryLimit;
  private final int threads;
  /** The state budget when set (> 0), else derived from the limits: tests spill states of a few megabytes. */
  private final long stateBudget;
  private final transient AtomicLong shuffleHeld = new AtomicLong();

  private ExecContext(long id, BufferAllocator allocator, SpillDir spill, long memoryLimit, int threads,
      long stateBudget) {
    this.id = id;
    this.allocator = allocator;
    this.spill = spill;
    this.memoryLimit = memoryLimit;
    this.threads = threads;
    this.stateBudget = stateBudget;
  }

  /** A new computation whose Arrow memory may not exceed {@code memoryLimit} bytes, on all cores. */
  public static ExecContext open(long memoryLimit) {
    return open(memoryLimit, null, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A new computation whose Arrow memory may not exceed {@code memoryLimit} bytes, run by {@code threads}
   * tasks at once, writing temporary files under {@code spillDir} (null: java.io.tmpdir). Spill directories
   * that killed processes left there are deleted first.
   */
  public static ExecContext open(long memoryLimit, Path spillDir, int threads) {
    return open(memoryLimit, spillDir, threads, 0);
  }

  /** As {@link #open(long, Path, int)}, with each task's state budget {@code stateBudget} bytes (0: derived). */
  static ExecContext open(long memoryLimit, Path spillDir, int threads, long stateBudget) {
    // Checked here, once per computation, rather than met as a raw UnsupportedOperationException
    // deep in a kernel: the hash kernels and the shuffle read Arrow buffers through nioBuffer().
    ArrowRuntime.requireNioAccess();
    SpillDir.sweep(spillDir);
    long id = IDS.incrementAndGet();
    return new ExecContext(id, Memory.root().newChildAllocator("compute-" + id, 0, memoryLimit),
        new SpillDir(spillDir), memoryLimit, threads, stateBudget);
  }

  /** The context of graphs built only to be shown ({@code graph()}, {@code explain()}); it cannot run. */
  public static ExecContext display() {
    return DISPLAY;
  }

  public long memoryLimit() {
    return memoryLimit;
  }

  public int threads() {
    return threads;
  }

  /**
   * The bytes one task's aggregation state or join build side may take: an equal share of the memory limit
   * per thread, capped at {@link #heapStateBudget}, since hash tables live on the heap while the memory limit is
   * Arrow's.
   */
  public long stateBudget() {
    if (stateBudget > 0) {
      return stateBudget;
    }
    return Math.max(1, Math.min(memoryLimit / threads, heapStateBudget()));
  }

  /**
   * The heap bytes one task's hash table may take whatever the memory limit: an equal share of the Java heap per
   * thread divided by {@link #HEAP_HEADROOM}. A merge whose result is materialized anyway (a finalize) is held
   * to this rather than to {@link #stateBudget}: splitting it would not make the result smaller.
   */
  long heapStateBudget() {
    if (stateBudget > 0) {
      return stateBudget;
    }
    return Math.max(1, Runtime.getRuntime().maxMemory() / threads / HEAP_HEADROOM);
  }

  /** Bytes a shuffle map task buffers before writing its buckets to its file. */
  long shuffleBufferBytes() {
    return Math.max(1 << 20, Math.min(SHUFFLE_BUFFER_MAX, memoryLimit / threads / SHUFFLE_BUFFER_SHARE));
  }

  /** Takes {@code bytes} of the memory shuffle outputs may hold between tasks; false when there is not enough. */
  boolean reserveShuffleMemory(long bytes) {
    long cap = memoryLimit / SHUFFLE_MEMORY_SHARE;
    while (true) {
      long held = shuffleHeld.get();
      if (held + bytes > cap) {
        return false;
      }
      if (shuffleHeld.compareAndSet(held, held + bytes)) {
        return true;
      }
    }
  }

  void releaseShuffleMemory(long bytes) {
    shuffleHeld.addAndGet(-bytes);
  }

  /** Where this computation's temporary files go. */
  public SpillDir spill() {
    if (spill == null) {
      throw new IllegalStateException("this graph was built for display; compute the value instead");
    }
    return spill;
  }

  /** The Arrow bytes the computation's tasks and values hold now. */
  public long allocatedBytes() {
    return allocator == null ? 0 : allocator.getAllocatedMemory();
  }

  /** A child allocator for one task; the task closes it, which fails if a batch was not closed. */
  public BufferAllocator taskAllocator(String name) {
    if (allocator == null) {
      throw new IllegalStateException("this graph was built for display; compute the value instead");
    }
    return allocator.newChildAllocator(name, 0, allocator.getLimit());
  }

  /**
   * Deletes the temporary files, then closes the computation's allocator, which throws when a batch is still
   * open (a leak). Both are attempted whatever fails first; the first failure is thrown, the other suppressed.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    if (spill != null) {
      try {
        spill.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (allocator != null) {
      try {
        allocator.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Decoded on a member for a remote run, a context becomes the member's context of that run, opened with the
   * member's threads and spill directory and its memory limit (else this one's), and closed by the member when
   * the run ends; anywhere else the copy has no allocator and cannot run tasks.
   */
  private Object readResolve() {
    WorkerRun worker = WorkerRun.decoding();
    if (worker == null) {
      return this;
    }
    return worker.resource("exec-context-" + id, () -> open(
        worker.memoryLimit() > 0 ? worker.memoryLimit() : memoryLimit, worker.spillDir(), worker.threads()));
  }

  /** A context is where a task runs, not an input: every context hashes alike, so cached results are found. */
  @Override
  public Object tokenValue() {
    return "exec-context";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExecContext && ((ExecContext) o).id == id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "ctx-" + id;
  }
}
