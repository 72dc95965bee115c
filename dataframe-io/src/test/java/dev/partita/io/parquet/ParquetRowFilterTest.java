package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.io.BatchReader;
import dev.partita.io.Filter;
import dev.partita.io.Partition;
import dev.partita.io.ReadSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows dropped while a Parquet file is read, for a pushed-down filter decided on dictionary
 * indices: on DuckDB-written files (v1 and v2 pages, several row groups, batches that end inside
 * them, nulls), the reader never drops a row the filter keeps (by DuckDB's own answer), drops
 * exactly the rows it can decide when a batch keeps few, and every row it keeps carries the same
 * values in every column (dictionary, PLAIN, strings as values and as codes, booleans) as when
 * read whole.
 */
class ParquetRowFilterTest {

  private static final LocalDate FROM = LocalDate.parse("1992-07-01");
  private static final LocalDate UNTIL = LocalDate.parse("1993-01-01");
  private static final List<String> COLUMNS =
      List.of("id", "d", "disc", "qty", "small", "big", "f", "s", "str", "flag");

  /** A filter, the SQL of all of it, and of the part the reader decides (TRUE: none, or dense). */
  private record Case(String name, Filter filter, String sql, String decided) {}

  private static final List<Case> CASES = List.of(
      new Case("Q6's five comparisons, a decimal against doubles",
          Filter.and(Filter.and(Filter.and(new Filter.Compare("d", Filter.Op.GE, FROM),
              Filter.lt("d", UNTIL)), Filter.and(new Filter.Compare("disc", Filter.Op.GE, 0.05),
              new Filter.Compare("disc", Filter.Op.LE, 0.07))), Filter.lt("qty", 24L)),
          "d >= DATE '1992-07-01' AND d < DATE '1993-01-01' AND disc >= 0.05::DOUBLE"
              + " AND disc <= 0.07::DOUBLE AND qty < 24", null),
      new Case("an int32 equal", Filter.eq("small", 7L), "small = 7", null),
      new Case("or with a null test", Filter.or(Filter.eq("small", 7L),
          new Filter.IsNull("disc", false)), "small = 7 OR disc IS NULL", null),
      new Case("a null test", new Filter.IsNull("d", false), "d IS NULL", null),
      new Case("nulls and values of one column kept",
          Filter.and(Filter.or(Filter.lt("d", LocalDate.parse("1992-02-01")),
              new Filter.IsNull("d", false)), Filter.lt("small", 50L)),
          "(d < DATE '1992-02-01' OR d IS NULL) AND small < 50", null),
      new Case("a decimal literal at the scale", Filter.eq("disc", new BigDecimal("0.05")),
          "disc = 0.05", null),
      new Case("no row", Filter.eq("small", 1000L), "small = 1000", null),
      new Case("a side on a PLAIN column is not decided",
          Filter.and(Filter.lt("d", LocalDate.parse("1992-02-01")),
              new Filter.IsNull("big", true)),
          "d < DATE '1992-02-01' AND big IS NOT NULL", "d < DATE '1992-02-01'"),
      new Case("an or with an undecided side keeps all", Filter.or(Filter.eq("small", 7L),
          Filter.gt("f", 0.99)), "small = 7 OR f > 0.99", "TRUE"),
      new Case("more digits than the scale keeps all",
          Filter.gt("disc", new BigDecimal("0.085")), "disc > 0.085", "TRUE"),
      new Case("a fifth of the rows: batches converted whole", Filter.lt("small", 20L),
          "small < 20", "TRUE"),
      new Case("nulls and a fifth of the values: converted whole",
          Filter.or(new Filter.IsNull("d", false), Filter.lt("d", LocalDate.parse("1992-03-15"))),
          "d IS NULL OR d < DATE '1992-03-15'", "TRUE"),
      new Case("most rows: not looked up", new Filter.Compare("qty", Filter.Op.GE, 10L),
          "qty >= 10", "TRUE"),
      new Case("not equal", new Filter.Compare("small", Filter.Op.NE, 7L), "small <> 7",
          "TRUE"));

  private static Path dir;
  private static Connection duck;
  private static BufferAllocator allocator;

  @BeforeAll
  static void write() throws Exception {
    dir = Files.createTempDirectory("rowfilter");
    allocator = new RootAllocator();
    duck = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = duck.createStatement()) {
      st.execute("SELECT setseed(0.17)");
      st.execute("CREATE TABLE gen AS SELECT range AS id,"
          + " CASE WHEN random() < 0.1 THEN NULL"
          + " ELSE DATE '1992-01-01' + (random() * 500)::INTEGER END AS d,"
          + " CASE WHEN random() < 0.05 THEN NULL"
          + " ELSE ((random() * 10)::INTEGER / 100)::DECIMAL(15,2) END AS disc,"
          + " ((random() * 49)::INTEGER + 1)::DECIMAL(15,2) AS qty,"
          + " (random() * 99)::INTEGER AS small,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE (random() * 1e12)::BIGINT END AS big,"
          + " random() AS f,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE 'k' || (random() * 20)::INTEGER END AS s,"
          + " md5(range::VARCHAR) AS str, random() < 0.5 AS flag FROM range(30000)");
      for (String v : List.of("V1", "V2")) {
        st.execute("COPY gen TO '" + dir.resolve(v + ".parquet") + "' (FORMAT parquet,"
            + " ROW_GROUP_SIZE 10000, PARQUET_VERSION " + v + ")");
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    duck.close();
    allocator.close();
    ParquetDecodeTest.deleteTree(dir);
  }

  @Test
  void theDecidedColumnsAreDictionaryEncodedAndTheOthersNot() throws SQLException {
    Map<String, String> encodings = new HashMap<>();
    try (Statement st = duck.createStatement();
        ResultSet r = st.executeQuery("SELECT path_in_schema, string_agg(DISTINCT encodings)"
            + " FROM parquet_metadata('" + dir.resolve("V1.parquet") + "') GROUP BY ALL")) {
      while (r.next()) {
        encodings.put(r.getString(1), r.getString(2));
      }
    }
    for (String c : List.of("d", "disc", "qty", "small", "s")) {
      assertTrue(encodings.get(c).contains("DICTIONARY"), c + " " + encodings.get(c));
    }
    for (String c : List.of("big", "f", "str")) {
      assertTrue(!encodings.get(c).contains("DICTIONARY"), c + " " + encodings.get(c));
    }
  }

  @Test
  void rowsAreDroppedOnlyWhereTheFilterFails() throws Exception {
    for (String version : List.of("V1", "V2")) {
      ParquetSource source = ParquetSource.of(dir.resolve(version + ".parquet").toString(),
          ParquetOptions.defaults());
      for (boolean codes : new boolean[] {false, true}) {
        ReadSpec spec = ReadSpec.columns(COLUMNS).withBatchRows(4096)
            .withDictionaryIds(codes ? List.of("s") : List.of());
        Map<Long, List<String>> whole = rowsById(source, spec);
        assertEquals(30_000, whole.size());
        for (Case c : CASES) {
          String at = version + (codes ? ", strings as codes" : "") + ": " + c.name();
          Map<Long, List<String>> read = rowsById(source, spec.withFilter(c.filter()));
          for (Map.Entry<Long, List<String>> row : read.entrySet()) {
            assertEquals(whole.get(row.getKey()), row.getValue(), at + ", row " + row.getKey());
          }
          TreeSet<Long> kept = new TreeSet<>(read.keySet());
          assertTrue(kept.containsAll(ids(c.sql())), at + ": a row the filter keeps was dropped");
          assertEquals(ids(c.decided() == null ? c.sql() : c.decided()), kept, at);
        }
      }
    }
  }

  private static TreeSet<Long> ids(String where) throws SQLException {
    TreeSet<Long> out = new TreeSet<>();
    try (Statement st = duck.createStatement();
        ResultSet r = st.executeQuery("SELECT id FROM gen WHERE " + where)) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    }
    return out;
  }

  /** Every row read, by its id, as the canonical strings of its columns. */
  private static Map<Long, List<String>> rowsById(ParquetSource source, ReadSpec spec)
      throws IOException {
    Map<Long, List<String>> out = new HashMap<>();
    for (Partition p : source.partitions(spec.filter())) {
      try (BatchReader r = source.open(p, spec, allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            assertTrue(b.getRowCount() > 0, "an empty batch");
            for (int i = 0; i < b.getRowCount(); i++) {
              List<String> row = new ArrayList<>();
              for (int c = 0; c < COLUMNS.size(); c++) {
                row.add(RandomParquet.canonical(b.getVector(c), i));
                ParquetDecodeTest.assertNullSlotZero(b.getVector(c), i);
              }
              assertEquals(null, out.put(Long.parseLong(row.get(0)), row));
            }
          }
        }
      }
    }
    return out;
  }
}
