package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.exec.SpillDir;
import dev.partita.graph.SchedulerListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins larger than their memory limit: two 5,000,000-row tables joined on a unique key under a 64 MB Arrow
 * limit (both sides shuffled to disk, one join per bucket) equal DuckDB's answer row for row; a key whose
 * rows alone pass a task's budget is joined in chunks; no temporary file is left, and the spill directory
 * of a process killed with {@code kill -9} is deleted by the next computation.
 */
class OutOfCoreJoinTest {

  private static final long LIMIT = 64L << 20;

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void twoFiveMillionRowTablesJoinUnderA64MbLimit() throws Exception {
    Path spill = dir.resolve("spill");
    Path out = dir.resolve("out");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(0.3)");
      s.execute("COPY (SELECT (range * 7919) % 5000000 AS k, range AS a, 'l' || (range % 1000) AS ls"
          + " FROM range(5000000)) TO '" + dir.resolve("l.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT (range * 104729) % 5000000 AS k, random() AS b FROM range(5000000) WHERE range % 10 <> 3)"
          + " TO '" + dir.resolve("r.parquet") + "' (FORMAT parquet)");
      AtomicBoolean spilled = new AtomicBoolean();
      ComputeOptions opts = ComputeOptions.defaults().threads(2).memoryLimit(LIMIT).spillDir(spill)
          .listener(new SchedulerListener() {
            @Override
            public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
              if (key.startsWith("shuffle-") && entries(spill) > 0) {
                spilled.set(true);
              }
            }
          });
      DataFrame joined = DataFrame.read(dir.resolve("l.parquet").toString())
          .join(DataFrame.read(dir.resolve("r.parquet").toString()), "k");
      long rows = joined.write().options(opts).parquet(out.toString());
      assertEquals(4_500_000L, rows);
      assertTrue(spilled.get(), "the shuffle should have gone to disk under a 64 MB limit");
      assertEquals(0, entries(spill), "temporary files left behind");
      String expected = "SELECT l.k, l.a, l.ls, r.b FROM '" + dir.resolve("l.parquet") + "' l JOIN '"
          + dir.resolve("r.parquet") + "' r USING (k)";
      String actual = "SELECT * FROM read_parquet('" + out + "/*.parquet')";
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + actual + " EXCEPT " + expected + ")"));
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + expected + " EXCEPT " + actual + ")"));
      assertEquals(rows, scalar(s, "SELECT count(*) FROM (" + actual + ")"));
    }
  }

  @Test
  void aKeyTooLargeForMemoryIsJoinedInChunks() throws Exception {
    Path spill = dir.resolve("spill");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      // The right side is smaller (it is built) but 1.5 M of its rows share key 7: no split of its bucket
      // separates them, and they pass a task's budget under a 32 MB limit on 2 threads.
      s.execute("COPY (SELECT range AS k, range % 17 AS a FROM range(3000000)) TO '" + dir.resolve("l.parquet")
          + "' (FORMAT parquet)");
      s.execute("COPY (SELECT CASE WHEN range < 1500000 THEN 7 ELSE range END AS k, range % 5 AS b"
          + " FROM range(2000000)) TO '" + dir.resolve("r.parquet") + "' (FORMAT parquet)");
      ComputeOptions opts = ComputeOptions.defaults().threads(2).memoryLimit(32L << 20).spillDir(spill)
          .broadcastThreshold(0);
      DataFrame l = DataFrame.read(dir.resolve("l.parquet").toString());
      DataFrame r = DataFrame.read(dir.resolve("r.parquet").toString());
      for (String how : List.of("inner", "left", "right", "semi", "anti")) {
        DataFrame joined = l.join(r, List.of("k"), how);
        String agg = how.equals("semi") || how.equals("anti") ? "count(*), sum(a)" : "count(*), sum(a), sum(b)";
        try (Table t = (how.equals("semi") || how.equals("anti")
            ? joined.agg(count(), sum("a")) : joined.agg(count(), sum("a"), sum("b"))).compute(opts)) {
          String sql = "SELECT " + agg + " FROM '" + dir.resolve("l.parquet") + "' l " + how.toUpperCase()
              + " JOIN '" + dir.resolve("r.parquet") + "' r USING (k)";
          try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            for (int c = 0; c < t.columnNames().size(); c++) {
              Object want = rs.getObject(c + 1);
              Object got = t.getObject(0, t.columnNames().get(c));
              assertEquals(want == null ? null : ((Number) want).longValue(), got, how + " " + t.columnNames().get(c));
            }
          }
        }
        assertEquals(0, entries(spill), "temporary files left behind");
      }
    }
  }

  @Test
  void theSpillDirectoryOfAKilledProcessIsDeletedByTheNextComputation() throws Exception {
    Path spill = dir.resolve("spill");
    Process dead = new ProcessBuilder("sleep", "60").start();
    long pid = dead.pid();
    dead.destroyForcibly();
    assertTrue(dead.waitFor(10, TimeUnit.SECONDS));
    Path orphan = spill.resolve("partita-spill-" + pid + "-123456");
    Files.createDirectories(orphan);
    Files.writeString(orphan.resolve("shuffle-1"), "half a shuffle");
    Path alive = spill.resolve("partita-spill-" + ProcessHandle.current().pid() + "-654321");
    Files.createDirectories(alive);
    Files.writeString(dir.resolve("t.csv"), "k,v\n1,2\n3,4\n");
    DataFrame df = DataFrame.read(dir.resolve("t.csv").toString());
    assertEquals(2L, df.count().compute(ComputeOptions.defaults().spillDir(spill)));
    assertFalse(Files.exists(orphan), "the killed process's spill directory is still there");
    assertTrue(Files.exists(alive), "a live process's spill directory was deleted");
    assertEquals(0, SpillDir.sweep(spill), "nothing more to sweep");
    Files.delete(alive);
  }

  @Test
  void aJoinWithAResidualConditionFiltersPairsNotRows() throws Exception {
    Files.writeString(dir.resolve("a.csv"), "k,t\n1,10\n1,20\n2,5\n3,1\n");
    Files.writeString(dir.resolve("b.csv"), "k,t\n1,15\n1,25\n2,1\n4,9\n");
    DataFrame a = DataFrame.read(dir.resolve("a.csv").toString());
    DataFrame b = DataFrame.read(dir.resolve("b.csv").toString());
    try (Table t = a.join(b, col("k").eq(col("k_right")).and(col("t").lt(col("t_right"))), "left")
        .orderBy("k", "t", "t_right").compute()) {
      assertEquals("[1, 10, 1, 15][1, 10, 1, 25][1, 20, 1, 25][2, 5, null, null][3, 1, null, null]", rows(t));
    }
  }

  private static String rows(Table t) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < t.rowCount(); r++) {
      sb.append('[');
      for (int c = 0; c < t.columnNames().size(); c++) {
        sb.append(c == 0 ? "" : ", ").append(t.getObject(r, t.columnNames().get(c)));
      }
      sb.append(']');
    }
    return sb.toString();
  }

  private static long entries(Path d) {
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> list = Files.walk(d)) {
      return list.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
