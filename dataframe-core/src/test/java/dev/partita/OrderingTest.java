package dev.partita;

import static dev.partita.Functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordering at scale: 10,000,000 rows sorted under a 64 MB Arrow limit (range-shuffled; the range of a key
 * holding 30% of the rows sorted in runs on disk and merged) and checked row by row against DuckDB from the
 * part files in name order; the same output with 1, 2 and 8 threads; ties in input order; a top 10 of 10 M
 * rows that reads each partition once, with no shuffle.
 */
class OrderingTest {

  private static final long ROWS = 10_000_000;

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private Path data(Statement s, long rows) throws SQLException {
    Path file = dir.resolve("data.parquet");
    s.execute("SELECT setseed(0.4)");
    s.execute("COPY (SELECT range AS id, CASE WHEN random() < 0.3 THEN 500 ELSE (random() * 1000)::BIGINT END AS k,"
        + " CASE WHEN random() < 0.05 THEN NULL ELSE round(random() * 100, 1) END AS v FROM range(" + rows + "))"
        + " TO '" + file + "' (FORMAT parquet)");
    return file;
  }

  @Test
  void tenMillionRowsSortUnderA64MbLimitAsDuckDbOrdersThem() throws Exception {
    Path spill = dir.resolve("spill");
    Path out = dir.resolve("out");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      Path file = data(s, ROWS);
      ComputeOptions opts = ComputeOptions.defaults().threads(2).memoryLimit(64L << 20).spillDir(spill);
      DataFrame sorted = DataFrame.read(file.toString()).orderBy(col("k").desc(), col("v").nullsFirst());
      assertEquals(ROWS, sorted.write().options(opts).parquet(out.toString()));
      try (Stream<Path> left = Files.walk(spill)) {
        assertEquals(0, left.filter(Files::isRegularFile).count(), "temporary files left behind");
      }
      // Ties (equal k and v) keep the input order, which is id order: DuckDB's order with id last is ours.
      String ours = "SELECT id, row_number() OVER (ORDER BY filename, file_row_number) AS rn FROM read_parquet('"
          + out + "/*.parquet', filename = true, file_row_number = true)";
      String want = "SELECT id, row_number() OVER (ORDER BY k DESC, v NULLS FIRST, id) AS rn FROM '" + file + "'";
      assertEquals(ROWS, scalar(s, "SELECT count(*) FROM (" + ours + ") a JOIN (" + want + ") b USING (rn)"
          + " WHERE a.id = b.id"));
    }
  }

  @Test
  void theOrderIsTheSameWithOneTwoAndEightThreadsAndTiesKeepTheInputOrder() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      Path file = dir.resolve("small.parquet");
      s.execute("SELECT setseed(0.7)");
      s.execute("COPY (SELECT range AS id, (random() * 20)::BIGINT AS k FROM range(200000)) TO '" + file
          + "' (FORMAT parquet, ROW_GROUP_SIZE 10000)");
      DataFrame sorted = DataFrame.read(file.toString()).orderBy("k");
      List<long[]> runs = new ArrayList<>();
      for (int threads : new int[] {1, 2, 8}) {
        try (Table t = sorted.compute(ComputeOptions.defaults().threads(threads))) {
          long[] ids = new long[t.rowCount()];
          long previousK = Long.MIN_VALUE;
          long previousId = -1;
          for (int r = 0; r < ids.length; r++) {
            ids[r] = t.getLong(r, "id");
            long k = t.getLong(r, "k");
            assertTrue(k > previousK || (k == previousK && ids[r] > previousId), "row " + r + " out of order");
            previousK = k;
            previousId = ids[r];
          }
          runs.add(ids);
        }
      }
      assertArrayEquals(runs.get(0), runs.get(1));
      assertArrayEquals(runs.get(0), runs.get(2));
    }
  }

  @Test
  void aTopTenOfTenMillionRowsReadsEachPartitionOnceWithoutAShuffle() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      Path file = data(s, ROWS);
      List<String> started = Collections.synchronizedList(new ArrayList<>());
      ComputeOptions opts = ComputeOptions.defaults().threads(2).listener(new SchedulerListener() {
        @Override
        public void onTaskStart(String key, int worker) {
          started.add(key);
        }
      });
      DataFrame df = DataFrame.read(file.toString());
      int partitions = (int) df.graph().keys().stream().filter(k -> k.startsWith("chunk-")).count();
      try (Table t = df.orderBy(col("v").desc(), col("id")).limit(10).compute(opts)) {
        assertEquals(10, t.rowCount());
        try (ResultSet rs = s.executeQuery("SELECT id FROM '" + file + "' ORDER BY v DESC NULLS LAST, id LIMIT 10")) {
          for (int r = 0; rs.next(); r++) {
            assertEquals(rs.getLong(1), t.getLong(r, "id"), "row " + r);
          }
        }
      }
      assertEquals(partitions, started.stream().filter(k -> k.startsWith("chunk-")).count(), started.toString());
      assertTrue(started.stream().noneMatch(k -> k.startsWith("shuffle-") || k.startsWith("sample-")), started.toString());
      assertEquals(partitions + 1, started.size(), "one task per partition and one merge: " + started);
    }
  }

  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
