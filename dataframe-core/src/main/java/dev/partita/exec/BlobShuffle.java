package dev.partita.exec;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The engine's shuffle for computations on Java values (bags): each blob of bytes (serialized values) goes
 * whole to one bucket, through {@link ShuffleWriter}, so it is buffered, flushed to the computation's spill
 * directory past the task's budget, kept in memory at the end when the computation has room, and deleted
 * with the {@link ShuffleOutput} or the computation, as the dataframe shuffles are.
 *
 * <pre>{@code
 * try (BlobShuffle w = new BlobShuffle(ctx, 64)) {
 *   w.add(3, blob);
 *   ShuffleOutput out = w.finish();
 * }
 * BlobShuffle.read(ctx, out, 3, blob -> ...);
 * }</pre>
 */
public final class BlobShuffle implements AutoCloseable {

  private static final Schema SCHEMA = new Schema(List.of(
      new Field("blob", FieldType.notNullable(ArrowType.Binary.INSTANCE), null)));

  /** Takes one blob of a bucket; may throw what decoding it throws. */
  @FunctionalInterface
  public interface BlobReader {
    void accept(byte[] blob) throws IOException;
  }

  private final ShuffleWriter writer;
  private final BufferAllocator staging;

  /** A shuffle into {@code buckets} buckets in the computation {@code ctx}. */
  public BlobShuffle(ExecContext ctx, int buckets) {
    this.staging = ctx.taskAllocator("blob-staging");
    try {
      this.writer = new ShuffleWriter(ctx, buckets);
    } catch (RuntimeException e) {
      staging.close();
      throw e;
    }
  }

  /**
   * Adds {@code blob} (copied) to bucket {@code bucket}. One blob at a time, so that the writer flushes to disk
   * whenever its buffer is full, whatever the number of blobs a caller has to add.
   */
  public void add(int bucket, byte[] blob) throws IOException {
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, staging)) {
      VarBinaryVector v = (VarBinaryVector) batch.getVector(0);
      v.allocateNew(Math.max(1, blob.length), 1);
      v.set(0, blob);
      batch.setRowCount(1);
      writer.add(batch, new int[] {bucket});
    }
  }

  /** The shuffle's output, which the graph run closes once every reader is done. */
  public ShuffleOutput finish() throws IOException {
    return writer.finish();
  }

  /** Drops what was not finished. */
  @Override
  public void close() throws IOException {
    try {
      writer.close();
    } finally {
      staging.close();
    }
  }

  /** Hands bucket {@code bucket}'s blobs of {@code out} to {@code reader}, in write order. */
  public static void read(ExecContext ctx, ShuffleOutput out, int bucket, BlobReader reader) throws IOException {
    try (BufferAllocator allocator = ctx.taskAllocator("blob-read")) {
      out.read(bucket, allocator, batch -> {
        try (batch) {
          VarBinaryVector v = (VarBinaryVector) batch.getVector(0);
          for (int i = 0; i < batch.getRowCount(); i++) {
            reader.accept(v.get(i));
          }
        } catch (IOException e) {
          throw new DecodeFailure(e);
        }
        return true;
      });
    } catch (DecodeFailure e) {
      throw (IOException) e.getCause();
    }
  }

  /** Carries the reader's exception out of the shuffle's batch callback. */
  private static final class DecodeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DecodeFailure(IOException cause) {
      super(cause);
    }
  }
}
