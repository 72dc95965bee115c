package dev.partita.bench.compare;

import dev.partita.datasets.GroupByData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The generated data files (G1 for groupby, J1 and its three right-hand tables for join), created once and cached. */
final class DataFiles {

  private DataFiles() {}

  /** The file the task's questions read: G1's table, or J1's left table x (the right-hand ones lie beside it). */
  static Path path(Path dir, Question.Task task, long rows, Format format) {
    String csv = task == Question.Task.JOIN ? JoinData.name(rows) : GroupByData.name(rows, Options.K) + ".csv";
    return dir.resolve(csv.replace(".csv", "." + format.extension));
  }

  /**
   * The data file for {@code rows} in {@code format}, generating the CSV if absent and the Parquet from it if
   * absent or older than the CSV (other benchmarks share the directory and may rewrite it); for the join task,
   * the same for each right-hand table.
   */
  static Path ensure(Path dir, Question.Task task, long rows, Format format) throws IOException, SQLException {
    Path csv = path(dir, task, rows, Format.CSV);
    List<Path> csvs = new ArrayList<>(List.of(csv));
    if (task == Question.Task.JOIN) {
      for (JoinData.Side side : JoinData.Side.values()) {
        csvs.add(JoinData.right(csv, side));
      }
    }
    if (!csvs.stream().allMatch(Files::exists)) {
      if (task == Question.Task.JOIN) {
        JoinData.write(dir, rows);
      } else {
        GroupByData.writeCsv(csv, rows, Options.K, Options.SEED);
      }
    }
    if (format == Format.CSV) {
      return csv;
    }
    for (Path c : csvs) {
      Path parquet = c.resolveSibling(c.getFileName().toString().replace(".csv", ".parquet"));
      if (!Files.exists(parquet) || Files.getLastModifiedTime(parquet).compareTo(Files.getLastModifiedTime(c)) < 0) {
        Path tmp = dir.resolve(parquet.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        DuckDbEngine.csvToParquet(c, tmp);
        Files.move(tmp, parquet, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    return path(dir, task, rows, Format.PARQUET);
  }
}
