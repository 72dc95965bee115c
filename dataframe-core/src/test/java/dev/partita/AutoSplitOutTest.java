package dev.partita;

import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grouping without {@code splitOut} chooses it from a sample when lowered: 1.5M distinct keys in 6 row
 * groups give 2 buckets (shown in {@code explain()}, written as 2 parts, the same rows as an unsplit run),
 * 1,000 keys give none, 1.5M keys in key order (each in two rows, so a sample sees a quarter as many keys as
 * rows) give 2 too, and {@code splitOut(1)} is not overridden.
 */
class AutoSplitOutTest {

  private static final long ROWS = 1_500_000;

  @TempDir
  static Path dir;

  @BeforeAll
  static void data() throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("COPY (SELECT (range * 7919) % " + ROWS + " AS k, range % 1000 AS small, range % 97 AS v"
          + " FROM range(" + ROWS + ")) TO '" + dir.resolve("data.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 250000)");
      s.execute("COPY (SELECT range // 2 AS k, range % 97 AS v FROM range(" + 2 * ROWS + ")) TO '"
          + dir.resolve("ordered.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 250000)");
    }
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void manyGroupsSplitOutAutomaticallyWithTheSameRows() throws Exception {
    DataFrame auto = DataFrame.read(dir.resolve("data.parquet").toString()).groupBy("k").agg(sum("v"), count());
    assertTrue(auto.explain().contains("split by key hash into 2 buckets (auto: ~1.5M groups expected from a"
        + " 65,536-row sample)"), auto.explain());
    Path split = dir.resolve("split");
    Path whole = dir.resolve("whole");
    ComputeOptions opts = ComputeOptions.defaults().threads(2);
    assertEquals(ROWS, auto.write().options(opts).parquet(split.toString()));
    DataFrame single = DataFrame.read(dir.resolve("data.parquet").toString()).groupBy("k").splitOut(1)
        .agg(sum("v"), count());
    assertFalse(single.explain().contains("split by key hash"), single.explain());
    assertEquals(ROWS, single.write().options(opts).parquet(whole.toString()));
    assertEquals(2, parquetFiles(split));
    assertEquals(1, parquetFiles(whole));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      String a = "SELECT * FROM read_parquet('" + split + "/*.parquet')";
      String b = "SELECT * FROM read_parquet('" + whole + "/*.parquet')";
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + a + " EXCEPT " + b + ")"));
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + b + " EXCEPT " + a + ")"));
    }
  }

  @Test
  void fewGroupsStayInOnePartition() {
    DataFrame few = DataFrame.read(dir.resolve("data.parquet").toString()).groupBy("small").agg(count());
    String explain = few.explain();
    assertTrue(explain.contains("one finalize; auto: ~1,000 groups expected from a 65,536-row sample"), explain);
    assertFalse(explain.contains("split by key hash"), explain);
    try (Table t = few.compute(ComputeOptions.defaults().threads(2))) {
      assertEquals(1000, t.rowCount());
    }
  }

  @Test
  void keysInFileOrderAreRecognizedByTwoSamplesSharingNoKey() {
    DataFrame ordered = DataFrame.read(dir.resolve("ordered.parquet").toString()).groupBy("k").agg(sum("v"));
    String explain = ordered.explain();
    assertTrue(explain.contains("split by key hash into 2 buckets (auto: ~1.5M groups expected from a 65,536-row"
        + " sample (rows in key order"), explain);
    try (Table t = ordered.compute(ComputeOptions.defaults().threads(2))) {
      assertEquals(ROWS, t.rowCount());
    }
  }

  private static long parquetFiles(Path d) throws Exception {
    try (Stream<Path> files = Files.list(d)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).count();
    }
  }

  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
