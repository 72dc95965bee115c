package dev.partita.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trino.tpch.TpchTable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPC-H at scale factor 0.01: the generated tables in their three layouts hold the same rows with the standard
 * types, and each of the 22 queries gives DuckDB's answer, in order, from the CSV files, Partita's Parquet and
 * DuckDB's Parquet.
 */
class TpchSmokeTest {

  @TempDir static Path dir;
  private static Path root;

  @BeforeAll
  static void generate() throws Exception {
    root = TpchData.ensure(dir, 0.01, 2);
  }

  @Test
  void everyQueryGivesDuckDbsAnswerFromEveryLayout() throws Exception {
    TpchOptions o = TpchOptions.parse("--sf", "0.01", "--runs", "1", "--warmup", "0", "--threads", "2",
        "--layout", "csv,parquet,parquet-duckdb", "--data-dir", dir.toString());
    List<TpchOutcome> outcomes = Tpch.run(o, List.of(), new PrintStream(OutputStream.nullOutputStream()));

    assertEquals(3 * 22, outcomes.size());
    for (TpchOutcome x : outcomes) {
      String where = x.layout().id + " " + x.query().id() + ": ";
      Measurement duckdb = x.measurements().get("DuckDB");
      Measurement partita = x.measurements().get("Partita");
      assertTrue(duckdb.ok(), where + duckdb.reason());
      assertTrue(duckdb.rows() > 0, where + "DuckDB returned no rows");
      assertTrue(partita.ok(), where + partita.reason());
      assertTrue(x.matched(), where + x.mismatches());
    }
  }

  @Test
  void theLayoutsHoldTheSameRowsWithTheStandardTypes() throws Exception {
    Map<String, Long> rows = Map.of("lineitem", 60_175L, "orders", 15_000L, "customer", 1_500L, "part", 2_000L,
        "partsupp", 8_000L, "supplier", 100L, "nation", 25L, "region", 5L);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      for (TpchTable<?> table : TpchTable.getTables()) {
        for (TpchData.Layout layout : TpchData.Layout.values()) {
          String source = TpchData.duckdbSource(root, layout, table);
          assertEquals(rows.get(table.getTableName()), scalar(st, "SELECT count(*) FROM " + source),
              layout.id + " " + table.getTableName());
        }
      }
      String lineitem = TpchData.duckdbSource(root, TpchData.Layout.PARQUET, TpchTable.LINE_ITEM);
      try (ResultSet rs = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "
          + lineitem + ") WHERE column_name IN ('l_orderkey', 'l_linenumber', 'l_extendedprice', 'l_shipdate',"
          + " 'l_comment') ORDER BY column_name")) {
        StringBuilder types = new StringBuilder();
        while (rs.next()) {
          types.append(rs.getString(1)).append(' ').append(rs.getString(2)).append("; ");
        }
        assertEquals("l_comment VARCHAR; l_extendedprice DECIMAL(15,2); l_linenumber INTEGER; l_orderkey BIGINT;"
            + " l_shipdate DATE; ", types.toString());
      }
      String sums = "SELECT sum(l_extendedprice), sum(l_discount), sum(l_shipdate - DATE '1992-01-01'),"
          + " sum(length(l_comment)) FROM ";
      List<Object> parquet = row(st, sums + lineitem);
      assertEquals(parquet, row(st, sums + TpchData.duckdbSource(root, TpchData.Layout.CSV, TpchTable.LINE_ITEM)));
      assertEquals(parquet, row(st, sums + TpchData.duckdbSource(root, TpchData.Layout.PARQUET_DUCKDB,
          TpchTable.LINE_ITEM)));
      assertTrue(((BigDecimal) parquet.get(0)).scale() == 2, parquet.toString());
    }
  }

  private static long scalar(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Object> row(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4));
    }
  }
}
