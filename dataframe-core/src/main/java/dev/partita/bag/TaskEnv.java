package dev.partita.bag;

import dev.partita.exec.ExecContext;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What reading a partition needs besides its description: the computation (budgets, the spill directory),
 * an allocator for the batches a source reads, and the values of the graph keys the partition reads (owned
 * by the graph run: read, never closed).
 */
record TaskEnv(ExecContext ctx, BufferAllocator allocator, Map<String, Object> deps) {

  Object dep(String key) {
    if (!deps.containsKey(key)) {
      throw new IllegalStateException("task input " + key + " was not passed");
    }
    return deps.get(key);
  }
}
