package dev.partita.exec;

import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What one running task reads from besides its spec: the computation, the task's allocator (closed when
 * the task ends, which fails if a batch was left open), and the values of the graph keys it depends on.
 * The values belong to the run: a task reads them and never closes them.
 */
final class TaskRun implements AutoCloseable {
  final ExecContext ctx;
  final BufferAllocator allocator;
  private final Map<String, Object> deps;

  TaskRun(ExecContext ctx, String name, Map<String, Object> deps) {
    this(ctx, ctx.taskAllocator(name), deps);
  }

  /** A run in {@code allocator}, which it closes. */
  TaskRun(ExecContext ctx, BufferAllocator allocator, Map<String, Object> deps) {
    this.ctx = ctx;
    this.allocator = allocator;
    this.deps = deps;
  }

  /** The task's arguments after {@code first}: the values of {@code keys}, in that order. */
  static Map<String, Object> deps(List<String> keys, List<Object> args, int first) {
    if (args.size() - first != keys.size()) {
      throw new IllegalArgumentException("expected " + keys.size() + " inputs, got " + (args.size() - first));
    }
    Map<String, Object> out = new java.util.HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      out.put(keys.get(i), args.get(first + i));
    }
    return out;
  }

  Object dep(String key) {
    if (!deps.containsKey(key)) {
      throw new IllegalStateException("task input " + key + " was not passed");
    }
    return deps.get(key);
  }

  @Override
  public void close() {
    allocator.close();
  }
}
