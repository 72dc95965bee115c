package dev.partita.exec;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.graph.CacheCodec;
import dev.partita.io.ArrowRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Cache codecs for the Arrow values of one computation, in the Arrow IPC stream format: a partition's
 * {@link Batches} (read back into a task allocator of the computation), a finished {@link Materialized}
 * result (read back into the computation's allocator too), and a partial aggregation's {@link AggState} as its
 * state batch, compressed. A read value belongs to the run like a computed
 * one, so the run closes it; writing leaves the value as it was.
 *
 * <pre>{@code
 * TaskCache cache = TaskCache.at(dir);
 * for (CacheCodec<?> c : ArrowCodecs.of(ctx)) { cache = cache.withCodec(c); }
 * }</pre>
 */
public final class ArrowCodecs {

  private ArrowCodecs() {}

  /** The codecs for the values of the computation {@code ctx}. */
  public static List<CacheCodec<?>> of(ExecContext ctx) {
    return List.of(new BatchesCodec(ctx), new MaterializedCodec(ctx), new AggStateCodec(ctx));
  }

  /** Writes {@code roots} (all of one schema) as one IPC stream; they are not changed. */
  private static void writeStream(List<VectorSchemaRoot> roots, OutputStream out) throws IOException {
    ArrowRuntime.requireNioAccess();
    try (BufferAllocator staging = Memory.root().newChildAllocator("cache-write", 0, Long.MAX_VALUE);
        VectorSchemaRoot view = VectorSchemaRoot.create(roots.get(0).getSchema(), staging);
        ArrowStreamWriter writer = new ArrowStreamWriter(view, null, Channels.newChannel(out))) {
      writer.start();
      VectorLoader loader = new VectorLoader(view);
      for (VectorSchemaRoot root : roots) {
        try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
          loader.load(batch);
        }
        writer.writeBatch();
      }
      writer.end();
    }
  }

  /** Reads an IPC stream into new batches allocated from {@code allocator}, each moved to its own root. */
  private static void readStream(InputStream in, BufferAllocator allocator, Consumer<VectorSchemaRoot> sink)
      throws IOException {
    Ipc.read(in, allocator, batch -> {
      sink.accept(batch);
      return true;
    });
  }

  /** A partition's batches: a flag byte (whether there are any), then the stream. */
  private static final class BatchesCodec implements CacheCodec<Batches> {
    private final ExecContext ctx;

    BatchesCodec(ExecContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public boolean accepts(Object value) {
      return value instanceof Batches;
    }

    @Override
    public void write(Batches value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeBoolean(!value.roots().isEmpty());
      data.flush();
      if (!value.roots().isEmpty()) {
        writeStream(value.roots(), out);
      }
    }

    @Override
    public Batches read(InputStream in) throws IOException {
      BufferAllocator allocator = ctx.taskAllocator("cache-read");
      Batches out = new Batches(allocator);
      try {
        if (new DataInputStream(in).readBoolean()) {
          readStream(in, allocator, out::add);
        }
        return out;
      } catch (IOException | RuntimeException e) {
        out.close();
        throw e;
      }
    }

    @Override
    public String id() {
      return "arrow-batches";
    }

    @Override
    public int version() {
      return 1;
    }
  }

  /** A finished result: its one batch as a stream. */
  private static final class MaterializedCodec implements CacheCodec<Materialized> {
    private final ExecContext ctx;

    MaterializedCodec(ExecContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public boolean accepts(Object value) {
      return value instanceof Materialized;
    }

    @Override
    public void write(Materialized value, OutputStream out) throws IOException {
      writeStream(List.of(value.root()), out);
    }

    @Override
    public Materialized read(InputStream in) throws IOException {
      BufferAllocator allocator = ctx.taskAllocator("result");
      VectorSchemaRoot[] root = new VectorSchemaRoot[1];
      try {
        readStream(in, allocator, r -> root[0] = r);
        if (root[0] == null) {
          throw new IOException("cached result has no batch");
        }
        return new Materialized(allocator, root[0]);
      } catch (IOException | RuntimeException e) {
        if (root[0] != null) {
          root[0].close();
        }
        allocator.close();
        throw e;
      }
    }

    @Override
    public String id() {
      return "arrow-result";
    }

    @Override
    public int version() {
      return 1;
    }
  }

  /**
   * A partial aggregation whose accumulators have Arrow state columns: an empty copy of it (Java-serialized, a
   * few hundred bytes, decoded only into the JDK's and Partita's classes), then its state batch as a
   * zstd-compressed IPC stream, read back by merging the batch into the empty copy. On CacheBench (4 CSV files,
   * 402 MB, 100,000 groups, sum, mean and count) a chunk's entry is 1.8 MB and the cache after a cold run 0.05x
   * the input, against 1.6x when whole states were Java-serialized (issue 17).
   */
  private static final class AggStateCodec implements CacheCodec<AggState> {
    private static final ObjectInputFilter PARTITA_ONLY =
        ObjectInputFilter.Config.createFilter("java.**;dev.partita.**;!*");
    private final ExecContext ctx;

    AggStateCodec(ExecContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public boolean accepts(Object value) {
      return value instanceof AggState s && AggStates.hasArrowState(s);
    }

    @Override
    public void write(AggState value, OutputStream out) throws IOException {
      ByteArrayOutputStream template = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(template)) {
        o.writeObject(AggStates.empty(value));
      }
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(template.size());
      template.writeTo(data);
      data.flush();
      ArrowRuntime.requireNioAccess();
      try (BufferAllocator allocator = ctx.taskAllocator("cache-write");
          VectorSchemaRoot batch = AggStates.toStateBatch(value, allocator);
          ZstdOutputStream z = new ZstdOutputStream(new ShuffleWriter.KeepOpen(out), ShuffleWriter.ZSTD_LEVEL);
          ArrowStreamWriter writer = new ArrowStreamWriter(batch, null, Channels.newChannel(z))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }

    @Override
    public AggState read(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      byte[] template = data.readNBytes(data.readInt());
      AggStates.Merger merger;
      try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(template))) {
        o.setObjectInputFilter(PARTITA_ONLY);
        merger = new AggStates.Merger((AggState) o.readObject(), 0);
      } catch (ClassNotFoundException | ClassCastException e) {
        throw new IOException("the cached aggregation state does not decode: " + e, e);
      }
      try (BufferAllocator allocator = ctx.taskAllocator("cache-read")) {
        Ipc.read(new ZstdInputStream(in), allocator, batch -> {
          try (batch) {
            merger.add(batch);
          }
          return true;
        });
      }
      return merger.result();
    }

    @Override
    public String id() {
      return "agg-state";
    }

    @Override
    public int version() {
      return 1;
    }
  }
}
