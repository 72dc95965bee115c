package dev.partita.plan;

import dev.partita.exec.Ipc;
import dev.partita.graph.Tokenizable;
import dev.partita.io.ArrowRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small table carried inside a plan, as Arrow IPC stream bytes: a plan (and the graph tasks that read it)
 * stays a serializable value, and two plans over the same rows hash alike (by a SHA-256 of the bytes).
 *
 * <pre>{@code
 * TableData d = TableData.of(root);
 * d.read(allocator, batch -> { try (batch) { ... } });
 * }</pre>
 */
public final class TableData implements Serializable, Tokenizable {

  private static final long serialVersionUID = 1L;

  private final String schemaJson;
  private final byte[] ipc;
  private final long rows;
  private final String digest;

  private TableData(String schemaJson, byte[] ipc, long rows) {
    this.schemaJson = schemaJson;
    this.ipc = ipc;
    this.rows = rows;
    try {
      this.digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ipc));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy of {@code root}'s rows; {@code root} is not changed. */
  public static TableData of(VectorSchemaRoot root) {
    ArrowRuntime.requireNioAccess();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TableData(root.getSchema().toJson(), out.toByteArray(), root.getRowCount());
  }

  public Schema schema() {
    try {
      return Schema.fromJSON(schemaJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long rows() {
    return rows;
  }

  /** Bytes the rows take as Arrow IPC (about their size in memory). */
  public long bytes() {
    return ipc.length;
  }

  /** Hands each batch, new in {@code allocator}, to {@code sink}, which owns it. */
  public void read(BufferAllocator allocator, Consumer<VectorSchemaRoot> sink) {
    try {
      Ipc.read(new ByteArrayInputStream(ipc), allocator, batch -> {
        sink.accept(batch);
        return true;
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object tokenValue() {
    return "table-" + digest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableData t && t.digest.equals(digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "TableData[" + rows + " rows, " + digest.substring(0, 12) + "]";
  }
}
