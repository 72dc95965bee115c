package dev.partita.bench.compare;

import dev.partita.datasets.GroupByData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;

/** The generated G1 data files, created once and cached in the data directory. */
final class DataFiles {

  private DataFiles() {}

  static Path path(Path dir, long rows, Format format) {
    return dir.resolve(GroupByData.name(rows, Options.K) + "." + format.extension);
  }

  /**
   * The data file for {@code rows} in {@code format}, generating the CSV if absent and the Parquet
   * from it if absent or older than the CSV (other benchmarks share the directory and may rewrite it).
   */
  static Path ensure(Path dir, long rows, Format format) throws IOException, SQLException {
    Path csv = path(dir, rows, Format.CSV);
    if (!Files.exists(csv)) {
      GroupByData.writeCsv(csv, rows, Options.K, Options.SEED);
    }
    if (format == Format.CSV) {
      return csv;
    }
    Path parquet = path(dir, rows, Format.PARQUET);
    if (!Files.exists(parquet)
        || Files.getLastModifiedTime(parquet).compareTo(Files.getLastModifiedTime(csv)) < 0) {
      Path tmp = dir.resolve(parquet.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      DuckDbEngine.csvToParquet(csv, tmp);
      Files.move(tmp, parquet, StandardCopyOption.ATOMIC_MOVE);
    }
    return parquet;
  }
}
