package dev.partita.bench.compare;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The questions of db-benchmark's two tasks, each with the SQL DuckDB answers it with. groupby: the ten
 * questions plus a global mean and count; {@code %s} in the SQL stands for the table function reading the
 * file. q10's answer has about one row per input row, so both engines write it to Parquet rather than hold it
 * (the out-of-core run has 10^8 of them); its answers are compared from the files, joined on its keys. join:
 * the five questions, x ({@code %1$s}) joined with one right-hand table ({@code %2$s}), DuckDB's SQL as in
 * db-benchmark's duckdb solution; the answer is the joined rows, checked as db-benchmark checks them (rows,
 * columns, sum of v1 and of v2).
 */
enum Question {
  Q1(Task.GROUPBY, "q1", "sum v1 by id1", "SELECT id1, sum(v1) AS v1 FROM %s GROUP BY id1"),
  Q2(Task.GROUPBY, "q2", "sum v1 by id1:id2", "SELECT id1, id2, sum(v1) AS v1 FROM %s GROUP BY id1, id2"),
  Q3(Task.GROUPBY, "q3", "sum v1 mean v3 by id3", "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM %s GROUP BY id3"),
  Q4(Task.GROUPBY, "q4", "mean v1:v3 by id4",
      "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM %s GROUP BY id4"),
  Q5(Task.GROUPBY, "q5", "sum v1:v3 by id6",
      "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM %s GROUP BY id6"),
  Q6(Task.GROUPBY, "q6", "median v3 sd v3 by id4 id5",
      "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev_samp(v3) AS sd_v3 FROM %s GROUP BY id4, id5"),
  Q7(Task.GROUPBY, "q7", "max v1 - min v2 by id3", "SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM %s GROUP BY id3"),
  Q8(Task.GROUPBY, "q8", "largest two v3 by id6",
      "SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC)"
          + " AS order_v3 FROM %s WHERE v3 IS NOT NULL) WHERE order_v3 <= 2"),
  Q9(Task.GROUPBY, "q9", "regression v1 v2 by id2 id4",
      "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM %s GROUP BY id2, id4"),
  Q10(Task.GROUPBY, "q10", "sum v3 count by id1:id6",
      "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM %s"
          + " GROUP BY id1, id2, id3, id4, id5, id6", "id1", "id2", "id3", "id4", "id5", "id6"),
  MEAN(Task.GROUPBY, "mean", "v3 (global)", "SELECT avg(v3) AS v3 FROM %s"),
  COUNT(Task.GROUPBY, "count", "rows (global)", "SELECT count(*) AS count FROM %s"),
  JOIN_Q1(Task.JOIN, "q1", "small inner on int", JoinData.Side.SMALL,
      "SELECT x.*, small.id4 AS small_id4, v2 FROM %1$s AS x JOIN %2$s AS small USING (id1)"),
  JOIN_Q2(Task.JOIN, "q2", "medium inner on int", JoinData.Side.MEDIUM,
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2"
          + " FROM %1$s AS x JOIN %2$s AS medium USING (id2)"),
  JOIN_Q3(Task.JOIN, "q3", "medium outer on int", JoinData.Side.MEDIUM,
      "SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2"
          + " FROM %1$s AS x LEFT JOIN %2$s AS medium USING (id2)"),
  JOIN_Q4(Task.JOIN, "q4", "medium inner on factor", JoinData.Side.MEDIUM,
      "SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2"
          + " FROM %1$s AS x JOIN %2$s AS medium USING (id5)"),
  JOIN_Q5(Task.JOIN, "q5", "big inner on int", JoinData.Side.BIG,
      "SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5,"
          + " big.id6 AS big_id6, v2 FROM %1$s AS x JOIN %2$s AS big USING (id3)");

  /** A db-benchmark task: its data set and its questions. */
  enum Task {
    GROUPBY, JOIN;

    static Task parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The checksum a join answer is reduced to, inside the timed run, as db-benchmark's solutions do. */
  static final List<String> JOIN_CHECK = List.of("rows", "columns", "v1", "v2");

  final Task task;
  final String id;
  final String title;
  /** The right-hand table of a join question, else null. */
  final JoinData.Side right;
  private final String sql;
  /** The key columns of a question whose answer is written to Parquet; empty when it is collected. */
  final List<String> writtenKeys;

  Question(Task task, String id, String title, String sql, String... writtenKeys) {
    this(task, id, title, null, sql, writtenKeys);
  }

  Question(Task task, String id, String title, JoinData.Side right, String sql, String... writtenKeys) {
    this.task = task;
    this.id = id;
    this.title = title;
    this.right = right;
    this.sql = sql;
    this.writtenKeys = List.of(writtenKeys);
  }

  /** Whether the answer is written to Parquet (timed) and compared from the files. */
  boolean written() {
    return !writtenKeys.isEmpty();
  }

  /** The SQL over the sources: the file's table function, and for a join the right-hand table's. */
  String sql(String... sources) {
    return String.format(Locale.ROOT, sql, (Object[]) sources);
  }

  static List<Question> of(Task task) {
    return Arrays.stream(values()).filter(q -> q.task == task).toList();
  }

  static Question byId(Task task, String id) {
    return of(task).stream()
        .filter(q -> q.id.equalsIgnoreCase(id.trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown " + task.id() + " question " + id + "; known: "
            + ids(task)));
  }

  static List<String> ids(Task task) {
    return of(task).stream().map(q -> q.id).toList();
  }
}
