package dev.partita.bench.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ten db-benchmark groupby questions plus a global mean and count, each with the SQL DuckDB
 * answers it with; {@code %s} in the SQL stands for the table function reading the file. q10's answer
 * has about one row per input row, so both engines write it to Parquet rather than hold it (the
 * out-of-core run has 10^8 of them); its answers are compared from the files, joined on its keys.
 */
enum Question {
  Q1("q1", "sum v1 by id1", "SELECT id1, sum(v1) AS v1 FROM %s GROUP BY id1"),
  Q2("q2", "sum v1 by id1:id2", "SELECT id1, id2, sum(v1) AS v1 FROM %s GROUP BY id1, id2"),
  Q3("q3", "sum v1 mean v3 by id3", "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM %s GROUP BY id3"),
  Q4("q4", "mean v1:v3 by id4",
      "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM %s GROUP BY id4"),
  Q5("q5", "sum v1:v3 by id6",
      "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM %s GROUP BY id6"),
  Q6("q6", "median v3 sd v3 by id4 id5",
      "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev_samp(v3) AS sd_v3 FROM %s GROUP BY id4, id5"),
  Q7("q7", "max v1 - min v2 by id3", "SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM %s GROUP BY id3"),
  Q8("q8", "largest two v3 by id6",
      "SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC)"
          + " AS order_v3 FROM %s WHERE v3 IS NOT NULL) WHERE order_v3 <= 2"),
  Q9("q9", "regression v1 v2 by id2 id4",
      "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM %s GROUP BY id2, id4"),
  Q10("q10", "sum v3 count by id1:id6",
      "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM %s"
          + " GROUP BY id1, id2, id3, id4, id5, id6", "id1", "id2", "id3", "id4", "id5", "id6"),
  MEAN("mean", "v3 (global)", "SELECT avg(v3) AS v3 FROM %s"),
  COUNT("count", "rows (global)", "SELECT count(*) AS count FROM %s");

  final String id;
  final String title;
  private final String sql;
  /** The key columns of a question whose answer is written to Parquet; empty when it is collected. */
  final List<String> writtenKeys;

  Question(String id, String title, String sql, String... writtenKeys) {
    this.id = id;
    this.title = title;
    this.sql = sql;
    this.writtenKeys = List.of(writtenKeys);
  }

  /** Whether the answer is written to Parquet (timed) and compared from the files. */
  boolean written() {
    return !writtenKeys.isEmpty();
  }

  String sql(String source) {
    return String.format(Locale.ROOT, sql, source);
  }

  static Question byId(String id) {
    return Arrays.stream(values())
        .filter(q -> q.id.equalsIgnoreCase(id.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown question " + id + "; known: " + ids()));
  }

  static List<String> ids() {
    return Arrays.stream(values()).map(q -> q.id).toList();
  }
}
