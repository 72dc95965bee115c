package dev.partita.io.parquet;

import dev.partita.io.Partition;
import dev.partita.io.fs.DataFile;

/**
 * A run of consecutive row groups of one Parquet file: {@code rowGroups} of them, starting at
 * {@code firstRowGroup}, {@code rowCount} rows in all. The row count comes from the footer, so
 * counting rows needs no read. A whole file with no row groups is a run of none.
 *
 * <pre>{@code
 * ParquetPartition p = (ParquetPartition) source.partitions().get(0);
 * long rows = p.rowCount();
 * }</pre>
 */
public record ParquetPartition(DataFile file, int index, int firstRowGroup, int rowGroups,
    long rowCount) implements Partition {

  @Override
  public String describe() {
    return switch (rowGroups) {
      case 0 -> file.name();
      case 1 -> file.name() + " row group " + firstRowGroup;
      default -> file.name() + " row groups " + firstRowGroup + "-"
          + (firstRowGroup + rowGroups - 1);
    };
  }
}
