package dev.partita.bench.compare;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/** One side of the comparison: answers a question end-to-end from a data file. */
interface Engine extends AutoCloseable {

  String name();

  /** Why this engine cannot answer {@code q} at all (a missing API), or empty when it can try. */
  Optional<String> unavailable(Question q);

  /** Reads {@code file} and answers {@code q}; an {@link UnsupportedOperationException} means n/a. */
  Answer answer(Question q, Path file, Format format) throws Exception;

  @Override
  void close() throws SQLException;
}
