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
 *   <li><b>Decimals</b>: {@code DECIMAL(p, s)} is read as an Arrow {@code Decimal(p, s, 128)}
 *       (default), or, with {@link #decimalsAsLongs(boolean)}, for {@code p <= 18} as an Arrow
 *       {@code Int(64)} of unscaled values whose field metadata holds the precision and scale
 *       ({@link #DECIMAL_PRECISION}, {@link #DECIMAL_SCALE}).</li>
 * </ul>
 *
 * <pre>{@code
 * ParquetSource s = ParquetSource.of("trips/", ParquetOptions.defaults().decimalsAsLongs(true));
 * }</pre>
 */
public final class ParquetOptions implements Serializable {

  private static final long serialVersionUID = 2L;

  /** Rows per partition aimed at by default. */
  public static final long DEFAULT_PARTITION_ROWS = 1L << 20;
  /** Uncompressed bytes per partition aimed at by default. */
  public static final long DEFAULT_PARTITION_BYTES = 64L << 20;
  /**
   * Row groups are not coalesced below this many partitions per source, so a small file still
   * gives a multi-threaded scan as many tasks as it has row groups, up to this number.
   */
  public static final int MIN_PARTITIONS = 16;
  /** Field metadata key of a decimal read as unscaled longs: its precision, in decimal digits. */
  public static final String DECIMAL_PRECISION = "partita.decimal.precision";
  /** Field metadata key of a decimal read as unscaled longs: its scale (unscaled / 10^scale). */
  public static final String DECIMAL_SCALE = "partita.decimal.scale";

  private static final ParquetOptions DEFAULTS =
      new ParquetOptions(DEFAULT_PARTITION_ROWS, DEFAULT_PARTITION_BYTES, true, false);

  private final long partitionRows;
  private final long partitionBytes;
  private final boolean vectorized;
  private final boolean decimalsAsLongs;

  private ParquetOptions(long partitionRows, long partitionBytes, boolean vectorized,
      boolean decimalsAsLongs) {
    this.partitionRows = partitionRows;
    this.partitionBytes = partitionBytes;
    this.vectorized = vectorized;
    this.decimalsAsLongs = decimalsAsLongs;
  }

  /** Coalesced row groups, vectorized decoding, decimals as {@code Decimal(p, s, 128)}. */
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
    return new ParquetOptions(rows, bytes, vectorized, decimalsAsLongs);
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
    return new ParquetOptions(partitionRows, partitionBytes, b, decimalsAsLongs);
  }

  /**
   * With {@code true}, a {@code DECIMAL(p, s)} column with {@code p <= 18} is read as an Arrow
   * {@code Int(64)} holding each value's unscaled integer (12.34 in {@code DECIMAL(15, 2)} is
   * 1234), its field metadata giving {@link #DECIMAL_PRECISION} and {@link #DECIMAL_SCALE} as
   * decimal strings; wider decimals stay {@code Decimal(p, s, 128)}.
   */
  public ParquetOptions decimalsAsLongs(boolean b) {
    return new ParquetOptions(partitionRows, partitionBytes, vectorized, b);
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

  public boolean decimalsAsLongs() {
    return decimalsAsLongs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParquetOptions p && p.partitionRows == partitionRows
        && p.partitionBytes == partitionBytes && p.vectorized == vectorized
        && p.decimalsAsLongs == decimalsAsLongs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionRows, partitionBytes, vectorized, decimalsAsLongs);
  }

  @Override
  public String toString() {
    return "ParquetOptions[partitionRows=" + partitionRows + ", partitionBytes=" + partitionBytes
        + ", vectorized=" + vectorized + ", decimalsAsLongs=" + decimalsAsLongs + "]";
  }
}
