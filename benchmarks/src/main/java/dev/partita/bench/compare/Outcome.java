package dev.partita.bench.compare;

import java.util.List;

/**
 * One question on one format, the engines' measurements and whether their answers agreed with DuckDB's.
 *
 * @param mismatch the first row where Partita's answer differs from DuckDB's when both answered, else null
 * @param dask dask's measurement ({@code SKIPPED} when it did not run)
 * @param daskMismatch the first row where dask's answer differs from DuckDB's when both answered, else null
 */
record Outcome(Format format, Question question, Measurement partita, Measurement duckdb, String mismatch,
    Measurement dask, String daskMismatch) {

  /** Some answer was compared with DuckDB's, and every one compared agreed. */
  boolean matched() {
    boolean compared = duckdb.ok() && (partita.ok() || dask.ok());
    return compared && mismatch == null && daskMismatch == null;
  }

  /** Partita's median over DuckDB's, or NaN when either did not answer. */
  double ratio() {
    return ratio(partita, duckdb);
  }

  /** Partita's median over dask's, or NaN when either did not answer. */
  double daskRatio() {
    return ratio(partita, dask);
  }

  /** Why the run must fail (a mismatch or an engine's error), or null. */
  String failure() {
    if (mismatch != null) {
      return "answers differ: " + mismatch;
    }
    if (daskMismatch != null) {
      return "dask's answer differs from DuckDB's: " + daskMismatch;
    }
    for (Measurement m : List.of(partita, duckdb, dask)) {
      if (m.status() == Measurement.Status.ERROR) {
        return m.engine() + " " + m.reason();
      }
    }
    return null;
  }

  boolean failed() {
    return failure() != null;
  }

  private static double ratio(Measurement a, Measurement b) {
    return a.ok() && b.ok() ? a.median() / b.median() : Double.NaN;
  }
}
