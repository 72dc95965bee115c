package dev.partita.exec;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A finished result: one Arrow batch in its own allocator (a child of {@link Memory#root()}, so it
 * outlives the computation). Closing it closes the batch, then the allocator.
 *
 * <pre>{@code
 * Materialized m = (Materialized) scheduler.get(graph, key);
 * new Table(m);
 * }</pre>
 */
public record Materialized(BufferAllocator allocator, VectorSchemaRoot root) implements AutoCloseable {

  @Override
  public void close() {
    root.close();
    allocator.close();
  }
}
