package dev.partita.bench.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One question on one format, the engines' measurements and whether their answers agreed with DuckDB's.
 *
 * @param mismatch the first row where Partita's answer differs from DuckDB's when both answered, else null
 * @param peers the Python engines' measurements by name, in column order ({@code SKIPPED} where one did not run)
 * @param peerMismatches by name, the first row where a Python engine's answer differs from DuckDB's, for those
 *     whose answer differs
 */
record Outcome(Format format, Question question, Measurement partita, Measurement duckdb, String mismatch,
    Map<String, Measurement> peers, Map<String, String> peerMismatches) {

  /** Some answer was compared with DuckDB's, and every one compared agreed. */
  boolean matched() {
    boolean compared = duckdb.ok() && (partita.ok() || peers.values().stream().anyMatch(Measurement::ok));
    return compared && mismatch == null && peerMismatches.isEmpty();
  }

  /** Partita's median over DuckDB's, or NaN when either did not answer. */
  double ratio() {
    return ratio(partita, duckdb);
  }

  /** Partita's median over the Python engine {@code peer}'s, or NaN when either did not answer. */
  double peerRatio(String peer) {
    return ratio(partita, peers.get(peer));
  }

  /** Why the run must fail (a mismatch or an engine's error), or null. */
  String failure() {
    if (mismatch != null) {
      return "answers differ: " + mismatch;
    }
    if (!peerMismatches.isEmpty()) {
      Map.Entry<String, String> e = peerMismatches.entrySet().iterator().next();
      return e.getKey() + "'s answer differs from DuckDB's: " + e.getValue();
    }
    List<Measurement> all = new ArrayList<>(List.of(partita, duckdb));
    all.addAll(peers.values());
    for (Measurement m : all) {
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
