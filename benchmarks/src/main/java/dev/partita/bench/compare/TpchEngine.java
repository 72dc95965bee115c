package dev.partita.bench.compare;

import dev.partita.ComputeOptions;
import dev.partita.DataFrame;
import dev.partita.Table;
import io.trino.tpch.TpchTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A Java engine answering TPC-H queries over one layout of the data, each query read afresh from the files. */
interface TpchEngine extends AutoCloseable {

  String name();

  /** Runs {@code q} and collects its answer into Java objects: what is timed. */
  Rows ask(TpchQuery q) throws Exception;

  @Override
  void close() throws SQLException;

  /** Partita's options: {@code threads}, and {@code memory} (e.g. {@code 512m}) as the limit unless null. */
  static ComputeOptions options(int threads, String memory) {
    ComputeOptions o = ComputeOptions.defaults().threads(threads);
    return memory == null ? o : o.memoryLimit(Options.bytes(memory));
  }

  /** Partita: the query's DataFrame version computed into a table. */
  final class Partita implements TpchEngine {

    private final TpchQueries.Tables tables;
    private final ComputeOptions options;

    Partita(Path root, TpchData.Layout layout, int threads, String memory) {
      this.tables = name -> DataFrame.read(TpchData.table(root, layout, name).toString());
      this.options = options(threads, memory);
    }

    @Override
    public String name() {
      return "Partita";
    }

    @Override
    public Rows ask(TpchQuery q) {
      try (Table t = q.partita(tables).compute(options)) {
        return Rows.of(t);
      }
    }

    @Override
    public void close() {
      // Nothing is held between queries: each reads its files afresh.
    }
  }

  /**
   * Partita's SQL front end: the query's SQL text (the one DuckDB runs) through {@code Partita.sql} over the
   * same tables, computed into a table; beside {@link Partita} it measures what parsing and translating add.
   */
  final class PartitaSql implements TpchEngine {

    private final Path root;
    private final TpchData.Layout layout;
    private final ComputeOptions options;

    PartitaSql(Path root, TpchData.Layout layout, int threads, String memory) {
      this.root = root;
      this.layout = layout;
      this.options = options(threads, memory);
    }

    @Override
    public String name() {
      return "Partita SQL";
    }

    @Override
    public Rows ask(TpchQuery q) {
      // Only the tables the text names, as the DataFrame version reads only those: reading a table infers its
      // schema from a sample, so passing all eight made every query pay for eight.
      Map<String, DataFrame> tables = new HashMap<>();
      for (TpchTable<?> table : TpchTable.getTables()) {
        String name = table.getTableName();
        if (Pattern.compile("\\b" + name + "\\b", Pattern.CASE_INSENSITIVE).matcher(q.sql()).find()) {
          tables.put(name, DataFrame.read(TpchData.table(root, layout, name).toString()));
        }
      }
      try (Table t = dev.partita.sql.Partita.sql(q.sql(), tables).compute(options)) {
        return Rows.of(t);
      }
    }

    @Override
    public void close() {
      // Nothing is held between queries: each reads its files afresh.
    }
  }

  /** DuckDB over JDBC: one view per table over the layout's files, the query's SQL text over the views. */
  final class DuckDb implements TpchEngine {

    private final Connection connection;

    DuckDb(Path root, TpchData.Layout layout, int threads, String memory) throws SQLException {
      connection = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = connection.createStatement()) {
        st.execute("SET threads = " + threads);
        if (memory != null) {
          st.execute("SET memory_limit = '" + memory + "'");
        }
        for (TpchTable<?> table : TpchTable.getTables()) {
          st.execute("CREATE VIEW " + table.getTableName() + " AS SELECT * FROM "
              + TpchData.duckdbSource(root, layout, table));
        }
      }
    }

    @Override
    public String name() {
      return "DuckDB";
    }

    @Override
    public Rows ask(TpchQuery q) throws SQLException {
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(q.sql())) {
        return Rows.of(rs);
      }
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }
}
