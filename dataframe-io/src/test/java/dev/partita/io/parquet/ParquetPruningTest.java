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
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row groups skipped for a filter: by dictionaries, where statistics cannot (a value between a row
 * group's min and max that it does not hold), never where a chunk also has non-dictionary pages;
 * and by statistics for decimal literals.
 */
class ParquetPruningTest {

  private Path dir;
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("prune");
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() throws IOException {
    allocator.close();
    ParquetDecodeTest.deleteTree(dir);
  }

  /**
   * Four row groups of 2,048 rows: even ones hold k in {a, c} and n in {10, 30}, odd ones k in
   * {b, d} and n in {20, 40}, so every row group's min and max span every value; dec ascends.
   */
  private ParquetSource alternating(boolean v2) throws Exception {
    Path f = dir.resolve(v2 ? "v2.parquet" : "v1.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("COPY (SELECT CASE WHEN range // 2048 % 2 = 0"
          + " THEN ['a', 'c'][range % 2 + 1] ELSE ['b', 'd'][range % 2 + 1] END AS k,"
          + " (CASE WHEN range // 2048 % 2 = 0 THEN [10, 30] ELSE [20, 40] END)[range % 2 + 1]"
          + " AS n,"
          + " (range / 100)::DECIMAL(15,2) AS dec FROM range(8192)) TO '" + f
          + "' (FORMAT parquet, ROW_GROUP_SIZE 2048" + (v2 ? ", PARQUET_VERSION V2" : "") + ")");
    }
    ParquetSource s = ParquetSource.of(f.toString(),
        ParquetOptions.defaults().partitionPerFile(true));
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
      assertEquals(4, r.getFooter().getBlocks().size());
      for (ColumnChunkMetaData chunk : r.getFooter().getBlocks().get(0).getColumns()) {
        if (!chunk.getPath().toDotString().equals("dec")) {
          assertTrue(DictionaryPruner.onlyDictionaryPages(chunk), chunk.getPath() + " "
              + chunk.getEncodings());
        }
      }
    }
    return s;
  }

  private long rows(ParquetSource s, Filter f) throws IOException {
    long rows = 0;
    for (Partition p : s.partitions(f)) {
      try (BatchReader r = s.open(p, ReadSpec.columns("k", "n").withFilter(f), allocator)) {
        for (VectorSchemaRoot next; (next = r.next()) != null; ) {
          try (VectorSchemaRoot b = next) {
            rows += b.getRowCount();
          }
        }
      }
    }
    return rows;
  }

  @Test
  void dictionariesSkipRowGroupsThatStatisticsKeep() throws Exception {
    for (boolean v2 : new boolean[] {false, true}) {
      ParquetSource s = alternating(v2);
      assertEquals(8192, rows(s, null));
      assertEquals(4096, rows(s, Filter.eq("k", "b")), "v2=" + v2);
      assertEquals(4096, rows(s, Filter.eq("n", 20L)), "v2=" + v2);
      assertEquals(4096, rows(s, Filter.lt("k", "b")), "only even groups hold a");
      assertEquals(8192, rows(s, Filter.or(Filter.eq("k", "b"), Filter.eq("n", 10L))));
      assertEquals(0, rows(s, Filter.and(Filter.eq("k", "b"), Filter.eq("n", 10L))));
      assertEquals(8192, rows(s, new Filter.Compare("k", Filter.Op.NE, "a")));
      assertEquals(0, rows(s, Filter.eq("k", "bb")));
      assertEquals(8192, rows(s, Filter.eq("k", 7L)), "a literal of another type keeps all");
      assertEquals(8192, rows(s, new Filter.IsNull("k", true)));
    }
  }

  @Test
  void aChunkWithPlainFallbackPagesIsNotSkippedForAValueOnlyItsPlainPagesHold()
      throws Exception {
    Path f = dir.resolve("fallback.parquet");
    Map<String, List<String>> written = ParquetDecodeTest.writeFallback(f, 3, 12_000);
    List<String> late = written.get("r").stream().filter(v -> v.startsWith("late-")).toList();
    String last = late.get(late.size() - 1);
    ParquetSource s = ParquetSource.of(f.toString(), ParquetOptions.defaults());
    ReadSpec spec = ReadSpec.columns("r").withFilter(Filter.eq("r", last));
    assertEquals(written.get("r"), ParquetDecodeTest.readAll(s, spec, allocator).get("r"));
  }

  @Test
  void decimalLiteralsPruneByStatistics() throws Exception {
    ParquetSource s = alternating(false);
    ParquetSource perGroup = ParquetSource.of(s.files().get(0).path(),
        ParquetOptions.defaults().partitionSize(1, 1));
    assertEquals(4, perGroup.partitions().size());
    assertEquals(1, perGroup.partitions(Filter.gt("dec", new BigDecimal("61.43"))).size());
    assertEquals(2, perGroup.partitions(Filter.lt("dec", 21L)).size());
    assertEquals(4, perGroup.partitions(Filter.gt("dec", new BigDecimal("61.435"))).size(),
        "more digits than the scale: kept");
  }
}
