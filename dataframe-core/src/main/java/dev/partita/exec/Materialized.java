package dev.partita.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A result of one batch in its own allocator: what a finalize or a concatenation produces. Inside a
 * computation its allocator is a child of the computation's (so it counts against the memory limit); a
 * result handed to the caller is moved ({@link #moveTo}) to a child of {@link Memory#root()}, so it outlives
 * the computation. Closing it closes the batch, then the allocator.
 *
 * <pre>{@code
 * Materialized m = (Materialized) scheduler.get(graph, key);
 * Materialized mine = m.moveTo(Memory.root().newChildAllocator("result", 0, Long.MAX_VALUE));
 * }</pre>
 */
public final class Materialized implements AutoCloseable {

  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private boolean closed;

  public Materialized(BufferAllocator allocator, VectorSchemaRoot root) {
    this.allocator = allocator;
    this.root = root;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  public VectorSchemaRoot root() {
    return root;
  }

  /** The same rows in {@code target} (buffers moved, not copied), which the new value owns; this one is closed. */
  public Materialized moveTo(BufferAllocator target) {
    List<FieldVector> moved = new ArrayList<>();
    try {
      for (FieldVector v : root.getFieldVectors()) {
        TransferPair tp = v.getTransferPair(v.getField(), target);
        tp.transfer();
        moved.add((FieldVector) tp.getTo());
      }
      VectorSchemaRoot r = new VectorSchemaRoot(moved);
      r.setRowCount(root.getRowCount());
      close();
      return new Materialized(target, r);
    } catch (RuntimeException e) {
      moved.forEach(FieldVector::close);
      target.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    root.close();
    allocator.close();
  }
}
