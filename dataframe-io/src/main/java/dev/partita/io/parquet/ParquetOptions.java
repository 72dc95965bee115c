package dev.partita.io.parquet;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a {@link ParquetSource} splits and decodes files. Immutable; compares by value.
 *
 * <ul>
 *   <li><b>Partitions</b>: runs of consecutive row groups of one file of about
 *       {@link #partitionRows()} rows and {@link #partitionBytes()} uncompressed bytes (all
 *       columns, as the footer counts them), but no fewer than {@link #MIN_PARTITIONS} per source
 *       while it has as many row groups (a file's runs weigh about the same, a row group is never
 *       split and no partition spans two files). {@link #partitionPerFile(boolean)} makes each
 *       file one partition.</li>
 *   <li><b>Decoding</b>: Partita's vectorized decoders (default) or parquet-mr's value-at-a-time
 *       {@code ColumnReader} (the slow reference path, for comparison).</li>
 * </ul>
 *
 * <p>{@code DECIMAL(p, s)} columns are read as Arrow {@code Decimal(p, s, 128)}, whatever their
 * physical type.
 *
 * <pre>{@code
 * ParquetSource s = ParquetSource.of("trips/", ParquetOptions.defaults().partitionPerFile(true));
 * }</pre>
 */
public final class ParquetOptions implements Serializable {

  private static final long serialVersionUID = 3L;

  /** Rows per partition aimed at by default. */
  public static final long DEFAULT_PARTITION_ROWS = 1L << 20;
  /** Uncompressed bytes per partition aimed at by default. */
  public static final long DEFAULT_PARTITION_BYTES = 64L << 20;
  /**
   * Row groups are not coalesced below this many partitions per source, so a small file still
   * gives a multi-threaded scan as many tasks as it has row groups, up to this number.
   */
  public static final int MIN_PARTITIONS = 16;

  private static final ParquetOptions DEFAULTS =
      new ParquetOptions(DEFAULT_PARTITION_ROWS, DEFAULT_PARTITION_BYTES, true);

  private final long partitionRows;
  private final long partitionBytes;
  private final boolean vectorized;

  private ParquetOptions(long partitionRows, long partitionBytes, boolean vectorized) {
    this.partitionRows = partitionRows;
    this.partitionBytes = partitionBytes;
    this.vectorized = vectorized;
  }

  /** Coalesced row groups, vectorized decoding. */
  public static ParquetOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Partitions of about {@code rows} rows and {@code bytes} uncompressed bytes, whichever is
   * reached first; {@code partitionSize(1, 1)} gives one partition per row group.
   */
  public ParquetOptions partitionSize(long rows, long bytes) {
    if (rows <= 0 || bytes <= 0) {
      throw new IllegalArgumentException("partition rows and bytes must be positive, got " + rows
          + " and " + bytes);
    }
    return new ParquetOptions(rows, bytes, vectorized);
  }

  /**
   * With {@code true}, each file is one partition (its row groups read one after another); with
   * {@code false}, the default partition size.
   */
  public ParquetOptions partitionPerFile(boolean b) {
    return b ? partitionSize(Long.MAX_VALUE, Long.MAX_VALUE)
        : partitionSize(DEFAULT_PARTITION_ROWS, DEFAULT_PARTITION_BYTES);
  }

  /**
   * With {@code false}, every column is decoded by parquet-mr's {@code ColumnReader}, about an
   * order of magnitude slower; meant for benchmarks and for ruling out a decoder bug.
   */
  public ParquetOptions vectorized(boolean b) {
    return new ParquetOptions(partitionRows, partitionBytes, b);
  }

  public long partitionRows() {
    return partitionRows;
  }

  public long partitionBytes() {
    return partitionBytes;
  }

  /** True when each file is one partition. */
  public boolean partitionPerFile() {
    return partitionRows == Long.MAX_VALUE && partitionBytes == Long.MAX_VALUE;
  }

  public boolean vectorized() {
    return vectorized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParquetOptions p && p.partitionRows == partitionRows
        && p.partitionBytes == partitionBytes && p.vectorized == vectorized;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionRows, partitionBytes, vectorized);
  }

  @Override
  public String toString() {
    return "ParquetOptions[partitionRows=" + partitionRows + ", partitionBytes=" + partitionBytes
        + ", vectorized=" + vectorized + "]";
  }
}
