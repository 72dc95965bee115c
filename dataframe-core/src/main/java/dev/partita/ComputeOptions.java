package dev.partita;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;

/**
 * How to run a computation: worker threads, the Arrow memory limit, how many partial results each
 * combine task merges, and an optional scheduler listener (progress, tracing).
 *
 * <pre>{@code
 * ComputeOptions opts = ComputeOptions.defaults().threads(8).memoryLimit(1L << 30);
 * Table t = df.compute(opts);
 * }</pre>
 */
public record ComputeOptions(int threads, long memoryLimit, int splitEvery, SchedulerListener listener) {

  public ComputeOptions {
    if (threads < 1 || splitEvery < 2 || memoryLimit <= 0) {
      throw new IllegalArgumentException("need threads >= 1, splitEvery >= 2 and a positive memory limit, got "
          + threads + ", " + splitEvery + ", " + memoryLimit);
    }
  }

  /** All cores, half the direct memory limit, combines of 8, no listener. */
  public static ComputeOptions defaults() {
    return new ComputeOptions(Runtime.getRuntime().availableProcessors(), Memory.defaultLimit(), 8, null);
  }

  public ComputeOptions threads(int n) {
    return new ComputeOptions(n, memoryLimit, splitEvery, listener);
  }

  public ComputeOptions memoryLimit(long bytes) {
    return new ComputeOptions(threads, bytes, splitEvery, listener);
  }

  public ComputeOptions splitEvery(int n) {
    return new ComputeOptions(threads, memoryLimit, n, listener);
  }

  public ComputeOptions listener(SchedulerListener l) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, l);
  }
}
