package dev.partita.bench.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One TPC-H query on one layout: every engine's measurement (Partita, DuckDB, Partita SQL, then the Python
 * peers, in that order) and where an answer differed from DuckDB's.
 *
 * @param measurements by engine name, answers dropped once compared
 * @param mismatches one line per engine whose answer differs from DuckDB's
 */
record TpchOutcome(TpchData.Layout layout, TpchQuery query, Map<String, Measurement> measurements,
    List<String> mismatches) {

  /** Compares every answer with DuckDB's and keeps the measurements without their answers. */
  static TpchOutcome compare(TpchData.Layout layout, TpchQuery query, Map<String, Measurement> by) {
    Measurement duckdb = by.get("DuckDB");
    List<String> mismatches = new ArrayList<>();
    Map<String, Measurement> kept = new LinkedHashMap<>();
    by.forEach((name, m) -> {
      if (m.ok() && duckdb.ok() && m != duckdb) {
        m.answer().firstDifference(duckdb.answer()).ifPresent(d -> mismatches.add(name + " vs DuckDB: " + d));
      }
      kept.put(name, m.withoutAnswer());
    });
    return new TpchOutcome(layout, query, Collections.unmodifiableMap(kept), List.copyOf(mismatches));
  }

  /** DuckDB answered, some other engine did too, and every answer compared agreed. */
  boolean matched() {
    boolean compared = measurements.get("DuckDB").ok()
        && measurements.values().stream().filter(Measurement::ok).count() > 1;
    return compared && mismatches.isEmpty();
  }

  /** Why the run must fail (a mismatch or an engine's error), or null. */
  String failure() {
    if (!mismatches.isEmpty()) {
      return "answers differ: " + String.join("; ", mismatches);
    }
    for (Measurement m : measurements.values()) {
      if (m.status() == Measurement.Status.ERROR) {
        return m.engine() + " " + m.reason();
      }
    }
    return null;
  }
}
