package dev.partita.bench.ooc;

import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.GroupedData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * db-benchmark q10 out of core: {@code sum(v3), count(*)} by {@code id1..id6} (about one group per row),
 * written as Parquet. Meant to run in its own JVM under {@code /usr/bin/time -v} with a small heap, one mode
 * per process so each measures only itself:
 *
 * <pre>{@code
 * Q10 <csv|parquet> <outDir> [--memory MB] [--threads n] [--split-out n]   Partita, prints rows, seconds, explain
 * Q10 --duckdb <csv|parquet> <outDir> [--threads n]                        DuckDB's own q10 to Parquet
 * Q10 --verify <csv|parquet> <outDir>                                      outDir vs DuckDB's answer, exit 1 on a difference
 * }</pre>
 */
public final class Q10 {

  private static final String KEYS = "id1, id2, id3, id4, id5, id6";

  private Q10() {}

  public static void main(String[] args) throws Exception {
    List<String> pos = new ArrayList<>();
    String mode = "partita";
    long memoryMb = 192;
    int threads = 2;
    int splitOut = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--duckdb" -> mode = "duckdb";
        case "--verify" -> mode = "verify";
        case "--memory" -> memoryMb = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--split-out" -> splitOut = Integer.parseInt(args[++i]);
        default -> pos.add(args[i]);
      }
    }
    if (pos.size() != 2) {
      System.err.println("usage: Q10 [--duckdb|--verify] <input.csv|input.parquet> <outDir> [--memory MB]"
          + " [--threads n] [--split-out n]");
      System.exit(2);
    }
    String input = pos.get(0);
    String out = Path.of(pos.get(1)).toAbsolutePath().toString();
    switch (mode) {
      case "duckdb" -> duckdb(input, out, threads);
      case "verify" -> System.exit(verify(input, out) ? 0 : 1);
      default -> partita(input, out, memoryMb << 20, threads, splitOut);
    }
  }

  private static void partita(String input, String out, long memory, int threads, int splitOut) {
    GroupedData g = DataFrame.read(input).groupBy("id1", "id2", "id3", "id4", "id5", "id6");
    DataFrame q10 = (splitOut > 0 ? g.splitOut(splitOut) : g).agg(sum("v3").as("v3"), count().as("count"));
    System.out.print(q10.explain());
    ComputeOptions opts = ComputeOptions.defaults().threads(threads).memoryLimit(memory);
    long start = System.nanoTime();
    long rows = q10.write().options(opts).parquet(out);
    System.out.printf("partita q10: %,d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
  }

  private static void duckdb(String input, String out, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      long start = System.nanoTime();
      s.execute("COPY (SELECT " + KEYS + ", sum(v3) AS v3, count(*) AS count FROM " + scan(input)
          + " GROUP BY ALL) TO '" + out + "' (FORMAT parquet, PER_THREAD_OUTPUT true, OVERWRITE_OR_IGNORE true)");
      System.out.printf("duckdb q10: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Same rows as DuckDB: the keys are unique in the output, the row counts are equal, and every output row
   * joins an expected row with the same count and a sum within 1e-9 relative (float sums depend on order).
   */
  private static boolean verify(String input, String out) throws SQLException {
    String actual = "read_parquet('" + out + "/*.parquet')";
    String expected = "(SELECT " + KEYS + ", sum(v3) AS v3, count(*) AS count FROM " + scan(input) + " GROUP BY ALL)";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE e AS SELECT * FROM " + expected);
      s.execute("CREATE TEMP TABLE a AS SELECT * FROM " + actual);
      long rows = scalar(s, "SELECT count(*) FROM a");
      long expectedRows = scalar(s, "SELECT count(*) FROM e");
      long distinct = scalar(s, "SELECT count(*) FROM (SELECT DISTINCT " + KEYS + " FROM a)");
      long matched = scalar(s, "SELECT count(*) FROM a JOIN e USING (" + KEYS + ") WHERE a.count = e.count"
          + " AND abs(a.v3 - e.v3) <= 1e-9 * greatest(1, abs(e.v3))");
      boolean ok = rows == expectedRows && distinct == rows && matched == rows;
      System.out.printf("verify: %,d rows (DuckDB %,d), %,d distinct keys, %,d match -> %s%n",
          rows, expectedRows, distinct, matched, ok ? "OK" : "DIFFERENT");
      return ok;
    }
  }

  private static String scan(String input) {
    return input.endsWith(".csv") ? "read_csv('" + input + "')" : "read_parquet('" + input + "')";
  }

  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
