package dev.partita.io;

import dev.partita.io.fs.DataFile;
import java.io.Serializable;

/**
 * One independently readable piece of a {@link Source}: a byte range of a CSV file, a Parquet row
 * group, or a whole file. Implementations are records, so they compare and hash by value and can be
 * graph task arguments and cache-key inputs (the file's size and modification time are part of it).
 */
public interface Partition extends Serializable {

  /** The file this partition reads. */
  DataFile file();

  /** The partition's position among its source's partitions. */
  int index();

  /** Human-readable location, e.g. {@code data.csv bytes [0, 67108864)} or {@code x.parquet row group 3}. */
  String describe();
}
