package dev.partita;

import dev.partita.exec.Memory;
import dev.partita.graph.Scheduler;
import dev.partita.graph.SchedulerListener;
import java.nio.file.Path;

/**
 * How to run a computation: worker threads, the Arrow memory limit, how many partial results each
 * combine task merges, an optional scheduler listener (progress, tracing), an optional result cache, where
 * temporary files go (null: java.io.tmpdir), the largest estimated join side that is broadcast rather
 * than shuffled (-1: an eighth of the memory limit; 0: never broadcast), and the scheduler that runs the
 * tasks (null: this process's threads; a cluster's, from dataframe-cluster).
 *
 * <pre>{@code
 * ComputeOptions opts = ComputeOptions.defaults().threads(8).memoryLimit(1L << 30);
 * Table t = df.compute(opts);
 * }</pre>
 */
public record ComputeOptions(int threads, long memoryLimit, int splitEvery, SchedulerListener listener,
    Path cacheDir, long cacheMaxBytes, Path spillDir, long broadcastThreshold, Scheduler scheduler) {

  /** The share of the memory limit a join side may be estimated at to be broadcast, by default. */
  static final int BROADCAST_SHARE = 8;

  public ComputeOptions {
    if (threads < 1 || splitEvery < 2 || memoryLimit <= 0 || cacheMaxBytes < 0 || broadcastThreshold < -1) {
      throw new IllegalArgumentException("need threads >= 1, splitEvery >= 2, a positive memory limit, a cache"
          + " cap >= 0 and a broadcast threshold >= -1, got " + threads + ", " + splitEvery + ", " + memoryLimit
          + ", " + cacheMaxBytes + ", " + broadcastThreshold);
    }
  }

  /** All cores, half the direct memory limit, combines of 8, no listener, no cache, temporary files in java.io.tmpdir. */
  public static ComputeOptions defaults() {
    return new ComputeOptions(Runtime.getRuntime().availableProcessors(), Memory.defaultLimit(), 8, null, null, 0,
        null, -1, null);
  }

  public ComputeOptions threads(int n) {
    return new ComputeOptions(n, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir,
        broadcastThreshold, scheduler);
  }

  public ComputeOptions memoryLimit(long bytes) {
    return new ComputeOptions(threads, bytes, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir,
        broadcastThreshold, scheduler);
  }

  public ComputeOptions splitEvery(int n) {
    return new ComputeOptions(threads, memoryLimit, n, listener, cacheDir, cacheMaxBytes, spillDir,
        broadcastThreshold, scheduler);
  }

  public ComputeOptions listener(SchedulerListener l) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, l, cacheDir, cacheMaxBytes, spillDir,
        broadcastThreshold, scheduler);
  }

  /**
   * Caches the results of scans, partial aggregations and their combines and finalizes in {@code dir} (null:
   * no cache), so a killed run resumes and a re-run after files change recomputes only their partitions;
   * {@code maxBytes} caps its size (0: no cap), evicting the least recently used results.
   */
  public ComputeOptions cache(Path dir, long maxBytes) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, dir, maxBytes, spillDir,
        broadcastThreshold, scheduler);
  }

  /** Writes temporary files (shuffles, a join's split buckets) under {@code dir}, deleted when the computation ends. */
  public ComputeOptions spillDir(Path dir) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, dir,
        broadcastThreshold, scheduler);
  }

  /**
   * Joins broadcast a side whose estimated size (from file sizes, row counts and Parquet footers) is at most
   * {@code bytes}; 0 never broadcasts, -1 restores the default (an eighth of the memory limit).
   */
  public ComputeOptions broadcastThreshold(long bytes) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir, bytes,
        scheduler);
  }

  /**
   * Runs the tasks on {@code s} (null: {@link dev.partita.graph.Schedulers#local local} threads) instead, e.g. a
   * cluster's scheduler; {@link #threads} then says how many tasks the cluster runs at once, which sizes
   * partitions and shuffles. A cluster supports no {@link #cache cache}.
   */
  public ComputeOptions scheduler(Scheduler s) {
    return new ComputeOptions(threads, memoryLimit, splitEvery, listener, cacheDir, cacheMaxBytes, spillDir,
        broadcastThreshold, s);
  }

  /** The broadcast threshold in effect. */
  long broadcastBytes() {
    return broadcastThreshold >= 0 ? broadcastThreshold : memoryLimit / BROADCAST_SHARE;
  }
}
