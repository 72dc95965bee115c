package dev.partita.bench.compare;

import java.nio.file.Path;
import java.sql.SQLException;

/** One side of the comparison: answers a question end-to-end from a data file. */
interface Engine extends AutoCloseable {

  String name();

  /**
   * Reads {@code file} and answers {@code q} into the engine's own result form (a Partita table, a
   * DuckDB table), then releases it: what is timed.
   */
  void run(Question q, Path file, Format format) throws Exception;

  /**
   * Like {@link #run} but converts the result into an {@link Answer} for comparison; untimed. An
   * {@link UnsupportedOperationException} from either means n/a.
   */
  Answer answer(Question q, Path file, Format format) throws Exception;

  /**
   * Reads {@code file} and writes the answer to {@code q} as Parquet files in the directory {@code out},
   * which must not exist yet; returns the rows written. What is timed for a {@link Question#written()}
   * question.
   */
  long write(Question q, Path file, Format format, Path out) throws Exception;

  @Override
  void close() throws SQLException;
}
