package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writers of Partita's outputs. A partitioned write makes one file per partition
 * ({@code dir/part-00000.parquet}, ...), each written under a hidden temporary name and renamed
 * on commit, then {@link #markSuccess} writes {@code dir/_SUCCESS} last: a reader that sees the
 * marker sees every part, and a crash never leaves a part that looks complete.
 *
 * <pre>{@code
 * try (PartWriter w = Sinks.parquet("out", p, schema, ParquetWriteOptions.defaults())) { w.write(b); w.commit(); }
 * Sinks.markSuccess("out");
 * }</pre>
 */
public final class Sinks {

  /** The marker written last by a complete partitioned write. */
  public static final String SUCCESS = "_SUCCESS";

  private Sinks() {}

  /** Writes {@code dir/part-NNNNN.parquet} (5 digits). */
  public static PartWriter parquet(String dir, int part, Schema schema, ParquetWriteOptions opts)
      throws IOException {
    return new ParquetPartWriter(Storage.createAtomically(dir, partName(part, "parquet")), schema,
        opts);
  }

  /** Writes {@code dir/part-NNNNN.csv} with a header line. */
  public static PartWriter csv(String dir, int part, Schema schema) throws IOException {
    return new CsvPartWriter(Storage.createAtomically(dir, partName(part, "csv")), schema);
  }

  /** Writes one Parquet file (same atomic rename as a part). */
  public static PartWriter parquetFile(String file, Schema schema, ParquetWriteOptions opts)
      throws IOException {
    return new ParquetPartWriter(Storage.createAtomically(dirOf(file), nameOf(file)), schema,
        opts);
  }

  /** Writes one CSV file (same atomic rename as a part). */
  public static PartWriter csvFile(String file, Schema schema) throws IOException {
    return new CsvPartWriter(Storage.createAtomically(dirOf(file), nameOf(file)), schema);
  }

  /** Writes the empty {@code dir/_SUCCESS} marker, atomically; call it after every part committed. */
  public static void markSuccess(String dir) throws IOException {
    try (Storage.AtomicOutput out = Storage.createAtomically(dir, SUCCESS)) {
      out.commit();
    }
  }

  static String partName(int part, String extension) {
    if (part < 0) {
      throw new IllegalArgumentException("part must be >= 0, got " + part);
    }
    return String.format("part-%05d.%s", part, extension);
  }

  private static String dirOf(String file) {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? "." : slash == 0 ? "/" : file.substring(0, slash);
  }

  private static String nameOf(String file) {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  static void checkSchema(Schema expected, VectorSchemaRoot batch) {
    if (!expected.equals(batch.getSchema())) {
      throw new IllegalArgumentException("batch schema " + batch.getSchema()
          + " differs from the writer's " + expected);
    }
  }
}
