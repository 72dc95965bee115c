package dev.partita;

import static dev.partita.Functions.count;
import static dev.partita.Functions.max;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.min;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group-by with 2,000,000 groups under a 64 MB Arrow limit: partial states go through the shuffle to
 * disk, the result is split into 8 buckets written as 8 Parquet parts, and DuckDB finds it equal to its own
 * answer row for row; the spill directory is gone afterwards, also after a failing task. And states that pass
 * their budget in a grouping kept in one partition spill too.
 */
class OutOfCoreGroupByTest {

  private static final long LIMIT = 64L << 20;

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void twoMillionGroupsSpillAndWriteOnePartPerBucket() throws Exception {
    Path in = dir.resolve("in");
    Path out = dir.resolve("out");
    Path spill = dir.resolve("spill");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      Files.createDirectories(in);
      s.execute("SELECT setseed(0.5)");
      s.execute("COPY (SELECT (range * 7919) % 2000000 AS k, (random() * 1000)::BIGINT AS v,"
          + " CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 100, 2) END AS f FROM range(4000000))"
          + " TO '" + in.resolve("data.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 250000)");
      AtomicBoolean spilled = new AtomicBoolean();
      ComputeOptions opts = ComputeOptions.defaults().threads(4).memoryLimit(LIMIT).spillDir(spill)
          .listener(spillSeenAfter("shuffle-", spill, spilled));
      DataFrame result = DataFrame.read(in + "/*.parquet").groupBy("k").splitOut(8)
          .agg(sum("v"), count(), min("f").as("fmin"), max("f").as("fmax"));
      assertTrue(result.explain().contains("split by key hash into 8 buckets (splitOut=8)"), result.explain());
      assertEquals(2_000_000L, result.write().options(opts).parquet(out.toString()));
      assertTrue(spilled.get(), "the chunks should have spilled under a 64 MB limit on 4 threads");
      assertEquals(0, entries(spill), "spill files left behind");
      try (Stream<Path> parts = Files.list(out)) {
        assertEquals(8, parts.filter(p -> p.toString().endsWith(".parquet")).count());
      }
      String expected = "SELECT k, sum(v), count(*), min(f), max(f) FROM read_parquet('" + in + "/*.parquet') GROUP BY k";
      String actual = "SELECT * FROM read_parquet('" + out + "/*.parquet')";
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + actual + " EXCEPT " + expected + ")"));
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + expected + " EXCEPT " + actual + ")"));
      assertEquals(2_000_000L, scalar(s, "SELECT count(*) FROM (" + actual + ")"));
    }
  }

  /**
   * A grouping told to keep one partition ({@code splitOut(1)}) over a million groups (in key order, three rows
   * each) under a 128 MB limit on 2 threads: the chunks' states pass their 8 MB budget (the heap bytes of their
   * tables and accumulators), go to the spill directory by key hash, and the finalize merges them a bucket at a
   * time, handing its buckets on without copying them into one batch; DuckDB finds the answer equal to its own,
   * written and computed. Before states were counted, the same shape (TPC-H q18 at
   * SF10) ran the Java heap out.
   */
  @Test
  void statesPastTheBudgetSpillAndMergeByBucketInOnePartition() throws Exception {
    Path in = dir.resolve("in");
    Path spill = dir.resolve("spill");
    Path out = dir.resolve("out");
    Files.createDirectories(in);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      s.execute("SELECT setseed(0.25)");
      // Keys spread over 8 * 10^9, as TPC-H's l_orderkey at SF10 over 6 * 10^7: hashed, not an array of the range.
      for (int file = 0; file < 2; file++) {
        s.execute("COPY (SELECT ((range + " + file * 1_500_000 + ") // 3) * 7919 AS k, (random() * 1000)::BIGINT AS v,"
            + " CASE WHEN random() < 0.1 THEN NULL ELSE round(random() * 100, 2) END AS f FROM range(1500000))"
            + " TO '" + in.resolve("part" + file + ".parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
      }
      AtomicBoolean spilled = new AtomicBoolean();
      ComputeOptions opts = ComputeOptions.defaults().threads(2).memoryLimit(128L << 20).spillDir(spill)
          .listener(spillSeenAfter("chunk-", spill, spilled));
      DataFrame result = DataFrame.read(in + "/*.parquet").groupBy("k").splitOut(1)
          .agg(sum("v"), count(), min("f").as("fmin"), max("f").as("fmax"), mean("v").as("vm"));
      assertTrue(result.explain().contains("a combine tree"), result.explain());
      assertEquals(1_000_000L, result.write().options(opts).parquet(out.toString()));
      assertTrue(spilled.get(), "the chunks' states should have passed their budget under a 128 MB limit");
      assertEquals(0, entries(spill), "spill files left behind");
      String expected = "SELECT k, sum(v), count(*), min(f), max(f), avg(v) FROM read_parquet('" + in + "/*.parquet')"
          + " GROUP BY k";
      String actual = "SELECT * FROM read_parquet('" + out + "/*.parquet')";
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + actual + " EXCEPT " + expected + ")"));
      assertEquals(0, scalar(s, "SELECT count(*) FROM (" + expected + " EXCEPT " + actual + ")"));
      assertEquals(1_000_000L, scalar(s, "SELECT count(*) FROM (" + actual + ")"));
      spilled.set(false);
      try (Table t = result.compute(opts)) {
        assertEquals(1_000_000, t.rowCount());
        long total = 0;
        for (int i = 0; i < t.rowCount(); i++) {
          total += t.getLong(i, "v");
        }
        assertEquals(scalar(s, "SELECT sum(v) FROM read_parquet('" + in + "/*.parquet')"), total);
      }
      assertTrue(spilled.get(), "compute() should have spilled too");
    }
  }

  @Test
  void spillFilesAreDeletedWhenATaskFails() throws Exception {
    Path in = dir.resolve("in");
    Path spill = dir.resolve("spill");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
      Files.createDirectories(in);
      s.execute("COPY (SELECT CASE WHEN range >= 599998 THEN 7 ELSE range END AS k,"
          + " CASE WHEN range >= 599998 THEN 9223372036854775807 ELSE range END AS v FROM range(600000)) TO '"
          + in.resolve("a.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
    }
    ComputeOptions opts = ComputeOptions.defaults().threads(2).memoryLimit(LIMIT).spillDir(spill);
    DataFrame result = DataFrame.read(in + "/*.parquet").groupBy("k").splitOut(4).agg(sum("v"));
    assertThrows(RuntimeException.class, () -> result.write().options(opts).parquet(dir.resolve("out").toString()));
    assertEquals(0, entries(spill), "spill files left behind after a failure");
  }

  /** Sets {@code seen} when a task whose key starts with {@code prefix} ends with files in {@code spill}. */
  private static SchedulerListener spillSeenAfter(String prefix, Path spill, AtomicBoolean seen) {
    return new SchedulerListener() {
      @Override
      public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
        if (key.startsWith(prefix) && entries(spill) > 0) {
          seen.set(true);
        }
      }
    };
  }

  private static long entries(Path d) {
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> list = Files.list(d)) {
      return list.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long scalar(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
