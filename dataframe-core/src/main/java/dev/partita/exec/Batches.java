package dev.partita.exec;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The batches one partition produced, with the allocator that holds them. Whoever receives a
 * {@code Batches} owns it and closes it (which closes every batch, then the allocator).
 *
 * <pre>{@code
 * try (Batches b = (Batches) scheduler.get(graph, chunkKey)) { b.rowCount(); }
 * }</pre>
 */
public final class Batches implements AutoCloseable {

  private final ExecContext ctx;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> roots = new ArrayList<>();

  Batches(ExecContext ctx, BufferAllocator allocator) {
    this.ctx = ctx;
    this.allocator = allocator;
  }

  void add(VectorSchemaRoot root) {
    roots.add(root);
  }

  public List<VectorSchemaRoot> roots() {
    return roots;
  }

  public long rowCount() {
    long n = 0;
    for (VectorSchemaRoot r : roots) {
      n += r.getRowCount();
    }
    return n;
  }

  @Override
  public void close() {
    ctx.taken(this);
    roots.forEach(VectorSchemaRoot::close);
    roots.clear();
    allocator.close();
  }
}
