package dev.partita.agg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where one computation spills aggregation state: a temporary directory under {@code parent},
 * created at the first spill and deleted with everything in it by {@link #close()} (the computation
 * closes it when it ends, failed or not). A state is spilled when its {@link AggState#sizeBytes}
 * passes {@code stateBudget}.
 *
 * <pre>{@code
 * try (SpillArea spill = new SpillArea(Path.of("/tmp"), 16 << 20)) {
 *   aggregator.spillTo(spill, 16);
 * }
 * }</pre>
 */
public final class SpillArea implements AutoCloseable {

  private final Path parent;
  private final long stateBudget;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private Path dir;

  /** A spill area under {@code parent} (null: java.io.tmpdir) spilling states above {@code stateBudget} bytes. */
  public SpillArea(Path parent, long stateBudget) {
    this.parent = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    this.stateBudget = stateBudget;
  }

  /** The state size above which an aggregator spills. */
  public long stateBudget() {
    return stateBudget;
  }

  /** Bytes spilled so far. */
  public long bytesSpilled() {
    return bytes.get();
  }

  /** The directory of this computation's runs, or null before the first spill. */
  public synchronized Path directory() {
    return dir;
  }

  synchronized Path newRun() {
    try {
      if (dir == null) {
        Files.createDirectories(parent);
        dir = Files.createTempDirectory(parent, "partita-spill-");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a spill directory under " + parent, e);
    }
    return dir.resolve("run-" + runs.incrementAndGet() + ".bin");
  }

  void written(long n) {
    bytes.addAndGet(n);
  }

  /** The error for a failed spill write: where, how much, and the free space left. */
  UncheckedIOException failure(Path run, long runBytes, IOException cause) {
    String free;
    try {
      FileStore store = Files.getFileStore(run.getParent());
      free = store.getUsableSpace() + " bytes free";
    } catch (IOException e) {
      free = "free space unknown";
    }
    return new UncheckedIOException("cannot spill aggregation state to " + run + " after " + runBytes
        + " bytes of this run (" + bytes.get() + " bytes spilled before; " + free + ")", cause);
  }

  /** Deletes the spill directory and every run in it. */
  @Override
  public synchronized void close() {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete spill directory " + dir, e);
    }
    dir = null;
  }
}
