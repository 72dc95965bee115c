package dev.partita.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Two engines' written answers (directories of Parquet files) compared inside DuckDB, which joins
 * them on the question's keys, so that a hundred-million-row answer never becomes Java objects. The
 * rule is {@link Answer}'s: same rows, integers and strings equal, doubles within a relative 1e-9 or
 * an absolute 1e-15.
 */
final class AnswerFiles {

  private AnswerFiles() {}

  /**
   * Where {@code engine} writes its answer to {@code q} on {@code format} at {@code o.rows()} rows, under the
   * data directory (so runs of other sizes sharing it do not overwrite each other's answers).
   */
  static Path dir(Options o, String engine, Question q, Format format) {
    return o.dataDir().resolve("answers").resolve(format.extension + "-" + o.rows() + "-" + q.id + "-" + engine);
  }

  /** Deletes an answer directory and everything in it, if it exists. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * The first row where the answers in {@code a} (engine {@code aName}'s) and {@code b} differ, described
   * for a human, or empty when they agree: equal row counts, keys unique on both sides, and every row of
   * each joined to a row of the other with equal values.
   */
  static Optional<String> firstDifference(Question q, String aName, Path a, String bName, Path b)
      throws SQLException {
    String keys = String.join(", ", q.writtenKeys);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      String ta = scan(a);
      String tb = scan(b);
      for (String[] side : new String[][] {{aName, ta}, {bName, tb}}) {
        long rows = scalar(st, "SELECT count(*) FROM " + side[1]);
        long distinct = scalar(st, "SELECT count(*) FROM (SELECT DISTINCT " + keys + " FROM " + side[1] + ")");
        if (distinct != rows) {
          return Optional.of(String.format(Locale.ROOT, "%s's answer repeats keys: %,d rows, %,d distinct keys",
              side[0], rows, distinct));
        }
      }
      List<String> values = new ArrayList<>();
      List<Boolean> floating = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + ta)) {
        while (rs.next()) {
          String name = rs.getString("column_name");
          if (!q.writtenKeys.contains(name)) {
            values.add(name);
            String type = rs.getString("column_type");
            floating.add(type.equals("DOUBLE") || type.equals("FLOAT"));
          }
        }
      }
      String on = q.writtenKeys.stream().map(k -> "a." + k + " IS NOT DISTINCT FROM b." + k)
          .collect(Collectors.joining(" AND "));
      List<String> differs = new ArrayList<>(List.of("a.present_ IS NULL", "b.present_ IS NULL"));
      for (int i = 0; i < values.size(); i++) {
        String x = "a." + values.get(i);
        String y = "b." + values.get(i);
        differs.add(floating.get(i)
            ? String.format(Locale.ROOT, "NOT (%1$s IS NOT DISTINCT FROM %2$s OR abs(%1$s - %2$s)"
                + " <= greatest(1e-15, 1e-9 * greatest(abs(%1$s), abs(%2$s))))", x, y)
            : x + " IS DISTINCT FROM " + y);
      }
      String sql = "SELECT a.*, b.* FROM (SELECT *, true AS present_ FROM " + ta + ") a"
          + " FULL OUTER JOIN (SELECT *, true AS present_ FROM " + tb + ") b ON " + on
          + " WHERE " + String.join(" OR ", differs) + " LIMIT 1";
      try (ResultSet rs = st.executeQuery(sql)) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int n = rs.getMetaData().getColumnCount();
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getMetaData().getColumnLabel(i) + "=" + rs.getObject(i));
        }
        int half = n / 2;
        return Optional.of(aName + " " + cells.subList(0, half) + " vs " + bName + " " + cells.subList(half, n)
            + " (a side of nulls only: that engine has no such row)");
      }
    }
  }

  private static String scan(Path dir) {
    return "read_parquet(" + DuckDbEngine.literal(dir.resolve("*.parquet")) + ")";
  }

  private static long scalar(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
