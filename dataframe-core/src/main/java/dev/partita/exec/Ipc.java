package dev.partita.exec;

import dev.partita.io.ArrowRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Reading Arrow IPC streams into batches of one's own: a stream reader reuses one root for every batch, so
 * each batch is moved (not copied) into a new root that the consumer owns.
 *
 * <pre>{@code
 * Ipc.read(in, allocator, batch -> { try (batch) { ... } return true; });
 * }</pre>
 */
public final class Ipc {

  private Ipc() {}

  /**
   * Hands each batch of the stream, new in {@code allocator}, to {@code sink} (which owns it) until it returns
   * false; returns whether the sink still wanted more.
   */
  public static boolean read(InputStream in, BufferAllocator allocator, Predicate<VectorSchemaRoot> sink)
      throws IOException {
    ArrowRuntime.requireNioAccess();
    try (ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      VectorSchemaRoot read = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        VectorSchemaRoot own = VectorSchemaRoot.create(read.getSchema(), allocator);
        try {
          for (int i = 0; i < read.getFieldVectors().size(); i++) {
            read.getVector(i).makeTransferPair(own.getVector(i)).transfer();
          }
          own.setRowCount(read.getRowCount());
        } catch (RuntimeException e) {
          own.close();
          throw e;
        }
        if (!sink.test(own)) {
          return false;
        }
      }
    }
    return true;
  }
}
