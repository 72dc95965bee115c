package dev.partita.io.sink;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes one output file from Arrow batches. The file appears under its final name only on
 * {@link #commit()}; {@link #close()} without a commit discards what was written, so a failed or
 * crashed task never leaves a file that looks complete. The caller still owns and closes each batch.
 *
 * <pre>{@code
 * try (PartWriter w = Sinks.parquet("out", 3, schema, ParquetWriteOptions.defaults())) {
 *   w.write(batch); w.commit();
 * }
 * }</pre>
 */
public interface PartWriter extends AutoCloseable {

  /** Appends the batch's rows; its schema must equal the writer's. */
  void write(VectorSchemaRoot batch) throws IOException;

  /** Finishes the file and renames it to its final name. */
  void commit() throws IOException;

  /** Releases resources; without a prior commit, deletes the temporary file. */
  @Override
  void close() throws IOException;
}
