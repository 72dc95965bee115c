package dev.partita.bench.compare;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DuckDB in this JVM over JDBC, reading the file afresh in every query (no table is loaded). */
final class DuckDbEngine implements Engine {

  private final Connection connection;

  DuckDbEngine(int threads, String memoryLimit) throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = connection.createStatement()) {
      st.execute("SET threads = " + threads);
      if (memoryLimit != null) {
        st.execute("SET memory_limit = '" + memoryLimit + "'");
      }
    }
  }

  static String version() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Writes {@code csv} as Parquet (snappy, row groups of a million rows) through DuckDB. */
  static void csvToParquet(Path csv, Path parquet) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM read_csv(" + literal(csv) + ")) TO " + literal(parquet)
          + " (FORMAT parquet, ROW_GROUP_SIZE 1000000, COMPRESSION snappy)");
    }
  }

  @Override
  public String name() {
    return "DuckDB";
  }

  /**
   * Materializes the result inside DuckDB as db-benchmark does ({@code CREATE TABLE ans AS ...}); a join's
   * checksum is computed from it too.
   */
  @Override
  public void run(Question q, Path file, Format format) throws SQLException {
    if (q.task == Question.Task.JOIN) {
      answer(q, file, format);
      return;
    }
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE OR REPLACE TEMP TABLE ans AS " + sql(q, file, format));
      st.execute("DROP TABLE ans");
    }
  }

  @Override
  public Answer answer(Question q, Path file, Format format) throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (q.task == Question.Task.JOIN) {
        return joinCheck(st, q, file, format);
      }
      try (ResultSet rs = st.executeQuery(sql(q, file, format))) {
        return Answer.of(rs);
      }
    }
  }

  /** db-benchmark's duckdb join question: the answer into a table, its row and column counts, then the sums. */
  private static Answer joinCheck(Statement st, Question q, Path file, Format format) throws SQLException {
    if (System.getenv("J1_STREAM_CHECK") != null) {
      // The check streamed over the join, the rows not materialized into a table.
      int columns;
      try (ResultSet rs = st.executeQuery("SELECT * FROM (" + sql(q, file, format) + ") LIMIT 0")) {
        columns = rs.getMetaData().getColumnCount();
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*), sum(v1), sum(v2) FROM (" + sql(q, file, format) + ")")) {
        rs.next();
        List<Object[]> row = new ArrayList<>();
        row.add(new Object[] {rs.getLong(1), (long) columns, rs.getObject(2), rs.getObject(3)});
        return new Answer(Question.JOIN_CHECK, row);
      }
    }
    st.execute("CREATE OR REPLACE TEMP TABLE ans AS " + sql(q, file, format));
    try {
      long rows;
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ans")) {
        rs.next();
        rows = rs.getLong(1);
      }
      int columns;
      try (ResultSet rs = st.executeQuery("SELECT * FROM ans LIMIT 0")) {
        columns = rs.getMetaData().getColumnCount();
      }
      try (ResultSet rs = st.executeQuery("SELECT sum(v1), sum(v2) FROM ans")) {
        rs.next();
        List<Object[]> row = new ArrayList<>();
        row.add(new Object[] {rows, (long) columns, rs.getObject(1), rs.getObject(2)});
        return new Answer(Question.JOIN_CHECK, row);
      }
    } finally {
      st.execute("DROP TABLE ans");
    }
  }

  /** {@code COPY ... TO} one Parquet file per thread, as Partita writes one per partition. */
  @Override
  public long write(Question q, Path file, Format format, Path out) throws SQLException {
    try (Statement st = connection.createStatement()) {
      return st.executeUpdate("COPY (" + sql(q, file, format) + ") TO " + literal(out)
          + " (FORMAT parquet, PER_THREAD_OUTPUT true)");
    }
  }

  private static String sql(Question q, Path file, Format format) {
    String source = format.duckdbReader + "(" + literal(file) + ")";
    return q.right == null ? q.sql(source)
        : q.sql(source, format.duckdbReader + "(" + literal(JoinData.right(file, q.right)) + ")");
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  static String literal(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}
