package dev.partita.bench.compare;

/**
 * One question on one format, both engines' measurements and whether their answers agreed.
 *
 * @param mismatch the first differing row when both answered and disagreed, else null
 */
record Outcome(Format format, Question question, Measurement partita, Measurement duckdb, String mismatch) {

  /** Both engines answered and agreed. */
  boolean matched() {
    return partita.ok() && duckdb.ok() && mismatch == null;
  }

  /** Partita's median over DuckDB's, or NaN when either did not answer. */
  double ratio() {
    return partita.ok() && duckdb.ok() ? partita.median() / duckdb.median() : Double.NaN;
  }

  /** A mismatch or an error: the run must fail. */
  boolean failed() {
    return mismatch != null
        || partita.status() == Measurement.Status.ERROR
        || duckdb.status() == Measurement.Status.ERROR;
  }
}
