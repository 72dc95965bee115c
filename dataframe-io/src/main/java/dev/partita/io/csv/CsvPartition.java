package dev.partita.io.csv;

import dev.partita.io.Partition;
import dev.partita.io.fs.DataFile;

/**
 * A byte range {@code [start, end)} of one CSV file. It owns the lines that start in
 * {@code (start, end]} (partition 0 of a file also the one at 0), so every line belongs to exactly
 * one partition; a compressed file, or one read as a whole, is the single range
 * {@code [0, size)}.
 *
 * <pre>{@code
 * CsvPartition p = (CsvPartition) CsvSource.of("a.csv", CsvOptions.defaults()).partitions().get(0);
 * }</pre>
 */
public record CsvPartition(DataFile file, int index, long start, long end) implements Partition {

  public CsvPartition {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad byte range [" + start + ", " + end + ")");
    }
  }

  @Override
  public String describe() {
    return file.name() + " bytes [" + start + ", " + end + ")";
  }
}
