package dev.partita.io.parquet;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a {@link ParquetSource} splits and decodes files: one partition per row group (default) or
 * per file, and whether pages are decoded by Partita's vectorized decoders (default) or by
 * parquet-mr's value-at-a-time {@code ColumnReader} (the slow reference path, for comparison).
 * Immutable; compares by value.
 *
 * <pre>{@code
 * ParquetSource s = ParquetSource.of("trips/", ParquetOptions.defaults().partitionPerFile(true));
 * }</pre>
 */
public final class ParquetOptions implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ParquetOptions DEFAULTS = new ParquetOptions(false, true);

  private final boolean partitionPerFile;
  private final boolean vectorized;

  private ParquetOptions(boolean partitionPerFile, boolean vectorized) {
    this.partitionPerFile = partitionPerFile;
    this.vectorized = vectorized;
  }

  /** One partition per row group, vectorized decoding. */
  public static ParquetOptions defaults() {
    return DEFAULTS;
  }

  /** With {@code true}, each file is one partition (its row groups read one after another). */
  public ParquetOptions partitionPerFile(boolean b) {
    return new ParquetOptions(b, vectorized);
  }

  /**
   * With {@code false}, every column is decoded by parquet-mr's {@code ColumnReader}, about an
   * order of magnitude slower; meant for benchmarks and for ruling out a decoder bug.
   */
  public ParquetOptions vectorized(boolean b) {
    return new ParquetOptions(partitionPerFile, b);
  }

  public boolean partitionPerFile() {
    return partitionPerFile;
  }

  public boolean vectorized() {
    return vectorized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParquetOptions p && p.partitionPerFile == partitionPerFile
        && p.vectorized == vectorized;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionPerFile, vectorized);
  }

  @Override
  public String toString() {
    return "ParquetOptions[partitionPerFile=" + partitionPerFile + ", vectorized=" + vectorized
        + "]";
  }
}
