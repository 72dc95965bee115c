package dev.partita.exec;

import dev.partita.agg.SpillArea;
import dev.partita.graph.Tokenizable;
import dev.partita.io.ArrowRuntime;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One computation's runtime state, passed to every task: the computation's allocator (a child of
 * {@link Memory#root()} with the memory limit) and the Arrow-holding values its tasks produced
 * that nobody has taken yet. When a task fails, the scheduler drops the values other tasks
 * already produced; {@link #close()} closes those before the allocator, so a failed computation
 * leaves no memory behind. Contexts compare by id, so the graphs of values computed together
 * merge; the allocator and the values are not part of a context's identity.
 *
 * <pre>{@code
 * try (ExecContext ctx = ExecContext.open(limit)) {
 *   Object out = scheduler.get(Lowering.lower(plan, ctx).graph(), key);
 *   ctx.taken(out);   // the caller owns it now; everything else left open is closed with ctx
 * }
 * }</pre>
 */
public final class ExecContext implements Serializable, AutoCloseable, Tokenizable {

  private static final long serialVersionUID = 1L;
  private static final AtomicLong IDS = new AtomicLong();
  private static final ExecContext DISPLAY = new ExecContext(0, null, null);
  /**
   * A state of budget B can take about 8B of heap before it is spilled: its arrays grow by doubling (old and
   * new live during the copy), a spill partitions a copy of it, and the heap also holds the scan's buffers.
   */
  static final int HEAP_HEADROOM = 8;

  private final long id;
  private final transient BufferAllocator allocator;
  private final transient Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
  private final transient SpillArea spill;

  private ExecContext(long id, BufferAllocator allocator, SpillArea spill) {
    this.id = id;
    this.allocator = allocator;
    this.spill = spill;
  }

  /** A new computation whose Arrow memory may not exceed {@code memoryLimit} bytes. */
  public static ExecContext open(long memoryLimit) {
    return open(memoryLimit, null, stateBudget(memoryLimit, Runtime.getRuntime().availableProcessors()));
  }

  /** The aggregation state budget when {@code threads} tasks share {@code memoryLimit}: an equal share each. */
  public static long stateBudget(long memoryLimit, int threads) {
    return memoryLimit / threads;
  }

  /**
   * A new computation as {@link #open(long)} whose aggregation tasks spill state above {@code stateBudget}
   * bytes to a temporary directory under {@code spillDir} (null: java.io.tmpdir), deleted by {@link #close}.
   * The budget is also capped at the same share of the Java heap divided by {@link #HEAP_HEADROOM}, since
   * aggregation states live on the heap while the memory limit is Arrow's.
   */
  public static ExecContext open(long memoryLimit, Path spillDir, long stateBudget) {
    // Checked here, once per computation, rather than met as a raw UnsupportedOperationException
    // deep in a kernel: the hash kernels and the cache read Arrow buffers through nioBuffer().
    ArrowRuntime.requireNioAccess();
    long id = IDS.incrementAndGet();
    return new ExecContext(id, Memory.root().newChildAllocator("compute-" + id, 0, memoryLimit),
        new SpillArea(spillDir, heapCapped(memoryLimit, stateBudget)));
  }

  private static long heapCapped(long memoryLimit, long stateBudget) {
    long heapShare = (long) ((double) Runtime.getRuntime().maxMemory() * stateBudget / memoryLimit / HEAP_HEADROOM);
    return Math.max(1, Math.min(stateBudget, heapShare));
  }

  /** Where this computation's aggregations spill. */
  SpillArea spill() {
    return spill;
  }

  /** The state size above which a task spills; for the display context, that of the default options. */
  long stateBudget() {
    return spill != null ? spill.stateBudget()
        : heapCapped(Memory.defaultLimit(), stateBudget(Memory.defaultLimit(), Runtime.getRuntime().availableProcessors()));
  }

  /** The context of graphs built only to be shown ({@code graph()}, {@code explain()}); it cannot run. */
  public static ExecContext display() {
    return DISPLAY;
  }

  /** A child allocator for one task; the task closes it, which fails if a batch was not closed. */
  BufferAllocator taskAllocator(String name) {
    if (allocator == null) {
      throw new IllegalStateException("this graph was built for display; compute the value instead");
    }
    return allocator.newChildAllocator(name, 0, allocator.getLimit());
  }

  /** Registers a value a task produced; it stays registered until closed or {@link #taken}. */
  <T extends AutoCloseable> T produced(T value) {
    open.add(value);
    return value;
  }

  /** Forgets {@code value} (its owner closed it, or the caller of the computation took it). */
  public void taken(Object value) {
    open.remove(value);
  }

  /**
   * Closes every produced value nobody took (there are some only after a failure), deletes the spill
   * directory, then the computation's allocator, which throws when a batch is still open (a leak).
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (AutoCloseable v : List.copyOf(open)) {
      try {
        open.remove(v);
        v.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("cannot release an unconsumed task value", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (spill != null) {
      spill.close();
    }
    if (allocator != null) {
      allocator.close();
    }
    if (failure != null) {
      throw failure;
    }
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
