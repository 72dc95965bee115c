package dev.partita;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import java.nio.file.Path;

/**
 * How to run a computation: worker threads, the Arrow memory limit, how many partial results each
 * combine task merges, an optional scheduler listener (progress, tracing), an optional result cache, and
 * where aggregations spill state that passes memory limit / threads (null: java.io.tmpdir).
 *
 * <pre>{@code
 * ComputeOptions opts = ComputeOptions.defaults().threads(8).memoryLimit(1L << 30);
 * Table t = df.compute(opts);
 * }</pre>
 */
public record ComputeOptions(int threads, long memoryLimit, int splitEvery, SchedulerListener listener,
    Path cacheDir, long cacheMaxBytes, Path spillDir) {

  public ComputeOptions {
    if (threads < 1 || splitEvery < 2 || memoryLimit <= 0 || cacheMaxBytes < 0) {
      throw new IllegalArgumentException("need threads >= 1, splitEvery >= 2, a positive memory limit and a cache"
          + " cap >= 0, got " + threads + ", " + splitEvery + ", " + memoryLimit + ", " + cacheMaxBytes);
    }
  }

  /** All cores, half the direct memory limit, combines of 8, no listener, no cache, spilling to java.io.tmpdir. */
  public static ComputeOptions defaults() {
    return new ComputeOptions(Runtime.getRuntime().availableProcessors(), Memory.defaultLimit(), 8, null, null, 0, null);
  }

  public ComputeOptions threads(int n) {
    return new ComputeOptions(n, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir);
  }

  public ComputeOptions memoryLimit(long bytes) {
    return new ComputeOptions(threads, bytes, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir);
  }

  public ComputeOptions splitEvery(int n) {
    return new ComputeOptions(threads, memoryLimit, n, listener, cacheDir, cacheMaxBytes, spillDir);
  }

  public ComputeOptions listener(SchedulerListener l) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, l, cacheDir, cacheMaxBytes, spillDir);
  }

  /**
   * Caches the results of scans, partial aggregations and their combines and finalizes in {@code dir} (null:
   * no cache), so a killed run resumes and a re-run after files change recomputes only their partitions;
   * {@code maxBytes} caps its size (0: no cap), evicting the least recently used results.
   */
  public ComputeOptions cache(Path dir, long maxBytes) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, dir, maxBytes, spillDir);
  }

  /** Spills aggregation state to a temporary directory under {@code dir}, deleted when the computation ends. */
  public ComputeOptions spillDir(Path dir) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, dir);
  }
}
