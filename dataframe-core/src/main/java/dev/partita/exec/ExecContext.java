package dev.partita.exec;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One computation's runtime state, passed to every task: the computation's allocator (a child of
 * {@link Memory#root()} with the memory limit). Contexts compare by id, so the graphs of values
 * computed together merge; the allocator is not part of a context's identity.
 *
 * <pre>{@code
 * try (ExecContext ctx = ExecContext.open(limit)) { scheduler.get(Lowering.lower(plan, ctx).graph(), key); }
 * }</pre>
 */
public final class ExecContext implements Serializable, AutoCloseable {

  private static final long serialVersionUID = 1L;
  private static final AtomicLong IDS = new AtomicLong();
  private static final ExecContext DISPLAY = new ExecContext(0, null);

  private final long id;
  private final transient BufferAllocator allocator;

  private ExecContext(long id, BufferAllocator allocator) {
    this.id = id;
    this.allocator = allocator;
  }

  /** A new computation whose Arrow memory may not exceed {@code memoryLimit} bytes. */
  public static ExecContext open(long memoryLimit) {
    long id = IDS.incrementAndGet();
    return new ExecContext(id, Memory.root().newChildAllocator("compute-" + id, 0, memoryLimit));
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

  /** Closes the computation's allocator; throws when any batch is still open (a leak). */
  @Override
  public void close() {
    if (allocator != null) {
      allocator.close();
    }
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
