package dev.partita.io;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stream of Arrow batches from one partition. Each call to {@link #next()} returns a new batch
 * that the caller owns and must close; the reader itself is closed by its caller too.
 *
 * <pre>{@code
 * try (BatchReader r = source.open(p, spec, allocator)) {
 *   for (VectorSchemaRoot b; (b = r.next()) != null; ) try (b) { ... }
 * }
 * }</pre>
 */
public interface BatchReader extends AutoCloseable {

  /**
   * The schema of every batch (the projected columns); a batch's {@link DictionaryVector} has this
   * schema's field with a dictionary encoding added.
   */
  Schema schema();

  /** The next batch (owned by the caller), or {@code null} when the partition is exhausted. */
  VectorSchemaRoot next() throws IOException;

  @Override
  void close() throws IOException;
}
