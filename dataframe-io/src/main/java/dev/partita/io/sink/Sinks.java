package dev.partita.io.sink;

import dev.partita.io.fs.Storage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writers of Partita's outputs. A write of a directory of parts with a {@link WriteMode} goes
 * through {@link OutputTarget}. The part writers here write straight into a directory: one file per
 * partition ({@code dir/part-00000.parquet}, ...), each under a hidden temporary name renamed on
 * commit, then {@link #markSuccess} writes {@code dir/_SUCCESS} last; they neither check nor clear
 * what the directory held. A single file is written whole under a temporary name, then renamed.
 *
 * <pre>{@code
 * try (PartWriter w = Sinks.parquetFile("out.parquet", schema, opts, WriteMode.ERROR)) { w.write(b); w.commit(); }
 * try (PartWriter w = Sinks.csv("out", 3, schema)) { w.write(b); w.commit(); }
 * }</pre>
 */
public final class Sinks {

  /** The marker written last by a complete partitioned write. */
  public static final String SUCCESS = "_SUCCESS";

  private Sinks() {}

  /** Writes {@code dir/part-NNNNN.parquet} (5 digits). */
  public static PartWriter parquet(String dir, int part, Schema schema, ParquetWriteOptions opts)
      throws IOException {
    return parquet(dir, partName(part, "parquet"), schema, opts);
  }

  /** Writes {@code dir/part-NNNNN.csv} with a header line. */
  public static PartWriter csv(String dir, int part, Schema schema) throws IOException {
    return csv(dir, partName(part, "csv"), schema);
  }

  static PartWriter parquet(String dir, String name, Schema schema, ParquetWriteOptions opts)
      throws IOException {
    return new ParquetPartWriter(Storage.createAtomically(dir, name), schema, opts);
  }

  static PartWriter csv(String dir, String name, Schema schema) throws IOException {
    return new CsvPartWriter(Storage.createAtomically(dir, name), schema);
  }

  static PartWriter text(String dir, String name, Schema schema) throws IOException {
    return new TextPartWriter(Storage.createAtomically(dir, name), schema);
  }

  /**
   * Writes one Parquet file under a temporary name, renamed over {@code file} on commit. Error and
   * append refuse a file that exists (a Parquet file cannot be appended to); overwrite replaces it.
   *
   * @throws FileAlreadyExistsException naming the file and the mode that would replace it
   */
  public static PartWriter parquetFile(String file, Schema schema, ParquetWriteOptions opts,
      WriteMode mode) throws IOException {
    checkSingleFile(file, mode);
    return parquet(dirOf(file), nameOf(file), schema, opts);
  }

  /** Writes one CSV file, as {@link #parquetFile(String, Schema, ParquetWriteOptions, WriteMode)}. */
  public static PartWriter csvFile(String file, Schema schema, WriteMode mode) throws IOException {
    checkSingleFile(file, mode);
    return csv(dirOf(file), nameOf(file), schema);
  }

  /** Writes one Parquet file, replacing any: {@link WriteMode#OVERWRITE}. */
  public static PartWriter parquetFile(String file, Schema schema, ParquetWriteOptions opts)
      throws IOException {
    return parquetFile(file, schema, opts, WriteMode.OVERWRITE);
  }

  /** Writes one CSV file, replacing any: {@link WriteMode#OVERWRITE}. */
  public static PartWriter csvFile(String file, Schema schema) throws IOException {
    return csvFile(file, schema, WriteMode.OVERWRITE);
  }

  private static void checkSingleFile(String file, WriteMode mode) throws IOException {
    Dirs fs = Dirs.of(file);
    if (fs.isDirectory(file)) {
      throw new FileAlreadyExistsException(file, null, "is a directory; name a file to write one,"
          + " or write a directory of parts");
    }
    if (mode == WriteMode.OVERWRITE || !fs.exists(file)) {
      return;
    }
    throw new FileAlreadyExistsException(file, null, mode == WriteMode.APPEND
        ? "exists, and a single file is written whole, never appended to; write a directory of parts"
            + " to append, or replace the file with mode(\"overwrite\") (CLI: --mode overwrite)"
        : "exists; write with mode(\"overwrite\") to replace it (CLI: --mode overwrite)");
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
