package dev.partita.exec;

import com.github.luben.zstd.ZstdInputStream;
import dev.partita.io.ArrowRuntime;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * What one map task of a shuffle wrote: its rows split into buckets, each bucket a list of segments of one
 * file (ZSTD-compressed Arrow IPC streams, in the order they were written) followed by the batches still
 * held in memory. Bucket b is read by one reduce task, in write order, so rows keep their map-side order.
 * The value belongs to the graph run, which closes it when every reader is done: the file is deleted and
 * the memory freed.
 *
 * <pre>{@code
 * ShuffleOutput out = writer.finish();
 * out.read(3, allocator, batch -> { try (batch) { ... } return true; });
 * }</pre>
 */
public final class ShuffleOutput implements AutoCloseable {

  /** One compressed IPC stream of one bucket in the file. */
  record Segment(long offset, long length) {}

  private final Path file;
  private final List<List<Segment>> segments;
  private final List<List<VectorSchemaRoot>> memory;
  private final BufferAllocator memoryAllocator;
  private final long[] rows;
  private final long[] bytes;
  private final Runnable release;
  private boolean closed;

  ShuffleOutput(Path file, List<List<Segment>> segments, List<List<VectorSchemaRoot>> memory,
      BufferAllocator memoryAllocator, long[] rows, long[] bytes, Runnable release) {
    this.file = file;
    this.segments = segments;
    this.memory = memory;
    this.memoryAllocator = memoryAllocator;
    this.rows = rows;
    this.bytes = bytes;
    this.release = release;
  }

  public int buckets() {
    return rows.length;
  }

  /** Rows in bucket {@code b}. */
  public long rows(int b) {
    return rows[b];
  }

  /** Arrow bytes of bucket {@code b}, uncompressed: about what reading it back into memory takes. */
  public long bytes(int b) {
    return bytes[b];
  }

  /** Whether any bucket went to disk. */
  public boolean spilled() {
    return file != null;
  }

  /**
   * Hands bucket {@code b}'s batches to {@code sink}, new in {@code allocator}, in write order, until it wants
   * no more; returns whether it still does.
   */
  public boolean read(int b, BufferAllocator allocator, Sink sink) throws IOException {
    if (closed) {
      throw new IllegalStateException("shuffle output already released");
    }
    if (!segments.get(b).isEmpty()) {
      ArrowRuntime.requireNioAccess();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        for (Segment s : segments.get(b)) {
          if (!readSegment(channel, s, allocator, sink)) {
            return false;
          }
        }
      }
    }
    for (VectorSchemaRoot root : memory.get(b)) {
      if (!Batches.views(root, allocator, sink)) {
        return false;
      }
    }
    return true;
  }

  private boolean readSegment(FileChannel channel, Segment s, BufferAllocator allocator, Sink sink)
      throws IOException {
    InputStream raw = new BoundedInputStream(Channels.newInputStream(channel.position(s.offset())), s.length());
    try {
      return Ipc.read(new ZstdInputStream(new BufferedInputStream(raw, 1 << 16)), allocator, sink::accept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shuffle file " + file + " at byte " + s.offset()
          + "; it is deleted only when the computation ends, so another process or the disk removed it", e);
    }
  }

  /** Bucket {@code b}'s batches one at a time, for a reader that pulls (a k-way merge of sorted runs). */
  Cursor cursor(int b, BufferAllocator allocator) {
    return new Cursor(b, allocator);
  }

  /** Pulls the batches of one bucket in write order; each {@link #next} batch is new and owned by the caller. */
  final class Cursor implements AutoCloseable {
    private final int bucket;
    private final BufferAllocator allocator;
    private FileChannel channel;
    private ArrowStreamReader reader;
    private int segment;
    private int memoryBatch;
    private int memoryRow;

    private Cursor(int bucket, BufferAllocator allocator) {
      this.bucket = bucket;
      this.allocator = allocator;
    }

    /** The next batch, or null at the end. */
    VectorSchemaRoot next() throws IOException {
      while (true) {
        if (reader != null) {
          if (reader.loadNextBatch()) {
            VectorSchemaRoot read = reader.getVectorSchemaRoot();
            VectorSchemaRoot own = VectorSchemaRoot.create(read.getSchema(), allocator);
            for (int i = 0; i < read.getFieldVectors().size(); i++) {
              read.getVector(i).makeTransferPair(own.getVector(i)).transfer();
            }
            own.setRowCount(read.getRowCount());
            return own;
          }
          reader.close();
          reader = null;
        }
        List<Segment> segments = ShuffleOutput.this.segments.get(bucket);
        if (segment < segments.size()) {
          if (channel == null) {
            ArrowRuntime.requireNioAccess();
            channel = FileChannel.open(file, StandardOpenOption.READ);
          }
          Segment s = segments.get(segment++);
          InputStream raw = new BoundedInputStream(Channels.newInputStream(channel.position(s.offset())), s.length());
          reader = new ArrowStreamReader(new ZstdInputStream(new BufferedInputStream(raw, 1 << 16)), allocator);
          continue;
        }
        List<VectorSchemaRoot> held = memory.get(bucket);
        while (memoryBatch < held.size()) {
          VectorSchemaRoot root = held.get(memoryBatch);
          if (memoryRow < root.getRowCount()) {
            int len = Math.min(Batches.VIEW_ROWS, root.getRowCount() - memoryRow);
            VectorSchemaRoot view = Batches.slice(root, memoryRow, len, allocator);
            memoryRow += len;
            return view;
          }
          memoryBatch++;
          memoryRow = 0;
        }
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
      if (channel != null) {
        channel.close();
      }
    }
  }

  /** Deletes the file and frees the buckets held in memory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (List<VectorSchemaRoot> bucket : memory) {
        bucket.forEach(VectorSchemaRoot::close);
      }
      if (memoryAllocator != null) {
        memoryAllocator.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete shuffle file " + file, e);
    } finally {
      release.run();
    }
  }

  /** An input stream that ends after {@code limit} bytes of {@code in} (and does not close it). */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  static List<List<Segment>> newSegmentLists(int n) {
    List<List<Segment>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    return out;
  }
}
