package dev.partita.io.parquet;

import dev.partita.io.Partition;
import dev.partita.io.fs.DataFile;

/**
 * One row group of a Parquet file, or the whole file when {@code rowGroup} is {@code -1}
 * ({@link ParquetOptions#partitionPerFile(boolean)}). {@code rowCount} comes from the footer, so
 * counting rows needs no read.
 *
 * <pre>{@code
 * ParquetPartition p = (ParquetPartition) source.partitions().get(0);
 * long rows = p.rowCount();
 * }</pre>
 */
public record ParquetPartition(DataFile file, int index, int rowGroup, long rowCount)
    implements Partition {

  /** True when this partition is a whole file rather than one row group. */
  public boolean wholeFile() {
    return rowGroup < 0;
  }

  @Override
  public String describe() {
    return wholeFile() ? file.name() : file.name() + " row group " + rowGroup;
  }
}
