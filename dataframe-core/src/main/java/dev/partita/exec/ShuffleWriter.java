package dev.partita.exec;

import com.github.luben.zstd.ZstdOutputStream;
import dev.partita.io.ArrowRuntime;
import dev.partita.kernel.Selection;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * The map side of the one shuffle: rows, each with its bucket, are gathered per bucket in memory and
 * flushed to one file per map task (each bucket's rows as a ZSTD-compressed Arrow IPC stream, so a task
 * writes sequentially into one file, not one per bucket) whenever the buffered bytes pass the task's
 * budget. What remains at the end stays in memory when the computation can hold it, else goes to the file.
 *
 * <pre>{@code
 * try (ShuffleWriter w = new ShuffleWriter(ctx, 16, allocator)) {
 *   w.add(batch, buckets);
 *   ShuffleOutput out = w.finish();
 * }
 * }</pre>
 */
final class ShuffleWriter implements AutoCloseable {

  /** ZSTD level 1: the fastest of the standard levels; a shuffle is written once and read once. */
  static final int ZSTD_LEVEL = 1;

  private final ExecContext ctx;
  private final int buckets;
  private final boolean toDisk;
  private final long budget;
  private final BufferAllocator memory;
  private final List<List<VectorSchemaRoot>> pending = new ArrayList<>();
  private final long[] rows;
  private final long[] bytes;
  private final List<List<ShuffleOutput.Segment>> segments;
  private long buffered;
  private Path file;
  private CountingOutputStream out;
  private boolean finished;

  /** A writer of {@code buckets} buckets, buffering in a new child of the computation's allocator. */
  ShuffleWriter(ExecContext ctx, int buckets) {
    this(ctx, buckets, false);
  }

  /** As {@link #ShuffleWriter(ExecContext, int)}; with {@code toDisk} every row goes to the file (a join's split). */
  ShuffleWriter(ExecContext ctx, int buckets, boolean toDisk) {
    this.ctx = ctx;
    this.toDisk = toDisk;
    this.buckets = buckets;
    this.budget = ctx.shuffleBufferBytes();
    this.memory = ctx.taskAllocator("shuffle");
    this.rows = new long[buckets];
    this.bytes = new long[buckets];
    this.segments = ShuffleOutput.newSegmentLists(buckets);
    for (int b = 0; b < buckets; b++) {
      pending.add(new ArrayList<>());
    }
  }

  /** Adds the rows of {@code batch} (not taken: the caller still closes it), row i to bucket {@code bucketOf[i]}. */
  void add(VectorSchemaRoot batch, int[] bucketOf) throws IOException {
    int[] counts = new int[buckets + 1];
    int[] order = byBucket(bucketOf, batch.getRowCount(), counts);
    for (int b = 0; b < buckets; b++) {
      int from = counts[b];
      int to = counts[b + 1];
      if (from == to) {
        continue;
      }
      int[] picked = java.util.Arrays.copyOfRange(order, from, to);
      add(b, withMemory(() -> Selection.take(batch, picked, memory)));
    }
    if (buffered > budget) {
      flush();
    }
  }

  /**
   * Rows {@code [0, n)} sorted by bucket (a counting sort, stable): bucket b's rows are {@code order[starts[b],
   * starts[b + 1])}, {@code starts} (of {@code buckets + 1} entries) filled here.
   */
  static int[] byBucket(int[] bucketOf, int n, int[] starts) {
    int buckets = starts.length - 1;
    for (int i = 0; i < n; i++) {
      starts[bucketOf[i] + 1]++;
    }
    for (int b = 0; b < buckets; b++) {
      starts[b + 1] += starts[b];
    }
    int[] order = new int[n];
    int[] fill = starts.clone();
    for (int i = 0; i < n; i++) {
      order[fill[bucketOf[i]]++] = i;
    }
    return order;
  }

  /** Makes an Arrow value, as {@link #withMemory} runs it. */
  interface Make<T> {
    T make() throws IOException;
  }

  /**
   * {@code make}'s value. The computation's memory is shared by every task running: when it has run out, this
   * writer's buffered rows go to its file and {@code make} is tried once more, rather than failing the run
   * (OutOfCoreGroupByTest's 2 million groups under 64 MB on 4 threads failed 2 runs in 6 without it).
   */
  <T> T withMemory(Make<T> make) throws IOException {
    try {
      return make.make();
    } catch (OutOfMemoryException e) {
      if (buffered == 0) {
        throw e;
      }
      flush();
      return make.make();
    }
  }

  /**
   * Adds the rows of {@code batch} (not taken), sorted by bucket: bucket b's are rows {@code [starts[b],
   * starts[b + 1])}. Each bucket's rows are copied in bulk, not gathered row by row (as {@link #add(VectorSchemaRoot,
   * int[])} must).
   */
  void addSorted(VectorSchemaRoot batch, int[] starts) throws IOException {
    for (int b = 0; b < buckets; b++) {
      int from = starts[b];
      int n = starts[b + 1] - from;
      if (n == 0) {
        continue;
      }
      add(b, withMemory(() -> Selection.range(batch, from, n, memory)));
    }
  }

  /** Adds a batch that belongs to bucket {@code b} whole (taken: the writer closes it). */
  void add(int b, VectorSchemaRoot batch) throws IOException {
    long size = size(batch);
    pending.get(b).add(batch);
    rows[b] += batch.getRowCount();
    bytes[b] += size;
    buffered += size;
    if (buffered > budget) {
      flush();
    }
  }

  /** The output: what is still buffered stays in memory if the computation has room for it, else goes to disk. */
  ShuffleOutput finish() throws IOException {
    long held = buffered;
    boolean keep = held == 0 || (!toDisk && ctx.reserveShuffleMemory(held));
    if (!keep) {
      flush();
      held = 0;
    }
    if (out != null) {
      out.close();
      ctx.spill().written(out.count);
    }
    List<List<VectorSchemaRoot>> memoryBuckets = new ArrayList<>();
    for (List<VectorSchemaRoot> p : pending) {
      memoryBuckets.add(coalesce(p));
    }
    finished = true;
    long reserved = held;
    return new ShuffleOutput(file, segments, memoryBuckets, memory, rows.clone(), bytes.clone(),
        () -> ctx.releaseShuffleMemory(reserved));
  }

  /** Writes every buffered bucket to the file, one compressed IPC stream each. */
  private void flush() throws IOException {
    if (buffered == 0) {
      return;
    }
    ArrowRuntime.requireNioAccess();
    if (out == null) {
      file = ctx.spill().newFile("shuffle");
      try {
        out = new CountingOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
      } catch (IOException e) {
        throw ctx.spill().failure(file, e);
      }
    }
    for (int b = 0; b < buckets; b++) {
      List<VectorSchemaRoot> p = pending.get(b);
      if (p.isEmpty()) {
        continue;
      }
      List<VectorSchemaRoot> one = coalesce(p);
      long start = out.count;
      try (VectorSchemaRoot root = one.get(0)) {
        writeCompressed(root, out);
      } catch (IOException e) {
        throw ctx.spill().failure(file, e);
      }
      segments.get(b).add(new ShuffleOutput.Segment(start, out.count - start));
      p.clear();
    }
    buffered = 0;
  }

  /** Writes {@code root} to {@code out} (left open) as one ZSTD-compressed Arrow IPC stream. */
  static void writeCompressed(VectorSchemaRoot root, OutputStream out) throws IOException {
    ZstdOutputStream z = new ZstdOutputStream(new KeepOpen(out), ZSTD_LEVEL);
    try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, Channels.newChannel(z))) {
      w.start();
      w.writeBatch();
      w.end();
    }
  }

  /** The batches of one bucket appended into one (the input list's batches are closed). */
  private List<VectorSchemaRoot> coalesce(List<VectorSchemaRoot> p) {
    if (p.size() <= 1) {
      List<VectorSchemaRoot> out = new ArrayList<>(p);
      p.clear();
      return out;
    }
    VectorSchemaRoot target = VectorSchemaRoot.create(p.get(0).getSchema(), memory);
    try {
      Batches.append(target, p);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    } finally {
      p.forEach(VectorSchemaRoot::close);
      p.clear();
    }
    List<VectorSchemaRoot> out = new ArrayList<>(1);
    out.add(target);
    return out;
  }

  private static long size(VectorSchemaRoot batch) {
    long n = 0;
    for (var v : batch.getFieldVectors()) {
      n += v.getBufferSize();
    }
    return n;
  }

  /** Discards what was not finished: buffered batches, and the file. */
  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    for (List<VectorSchemaRoot> p : pending) {
      p.forEach(VectorSchemaRoot::close);
    }
    memory.close();
    if (out != null) {
      out.close();
    }
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }

  /** Counts the bytes written through it. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Passes writes through but not {@code close()}, so closing a segment's stream keeps the file open. */
  static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
