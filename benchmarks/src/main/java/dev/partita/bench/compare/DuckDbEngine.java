package dev.partita.bench.compare;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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

  /** Materializes the result inside DuckDB as db-benchmark does ({@code CREATE TABLE ans AS ...}). */
  @Override
  public void run(Question q, Path file, Format format) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE OR REPLACE TEMP TABLE ans AS " + sql(q, file, format));
      st.execute("DROP TABLE ans");
    }
  }

  @Override
  public Answer answer(Question q, Path file, Format format) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql(q, file, format))) {
      return Answer.of(rs);
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
    return q.sql(format.duckdbReader + "(" + literal(file) + ")");
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  static String literal(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}
