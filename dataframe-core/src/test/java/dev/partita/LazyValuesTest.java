package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import dev.partita.io.csv.CsvOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graph shape, early-stopping head, determinism, shared scans and user errors. */
class LazyValuesTest {

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  /** {@code files} CSV files of {@code rows} rows each: k (string), v (int), x (float), fare (float). */
  private String writeCsv(int files, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    for (int f = 0; f < files; f++) {
      StringBuilder sb = new StringBuilder("k,v,x,fare\n");
      for (int i = 0; i < rows; i++) {
        sb.append("k").append(r.nextInt(7)).append(',').append(r.nextInt(1000) - 500).append(',')
            .append(r.nextDouble() * 1e6).append(',').append(r.nextInt(100) / 4.0).append('\n');
      }
      Files.writeString(dir.resolve(String.format("p%03d.csv", f)), sb);
    }
    return dir + "/*.csv";
  }

  @Test
  void meanOverThreePartitionsIsThreeChunksACombineAndAFinalize() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(3, 50, 1));
    Graph g = df.col("fare").mean().graph();
    List<String> keys = new ArrayList<>(g.keys());
    assertEquals(3, keys.stream().filter(k -> k.startsWith("chunk-")).count(), keys.toString());
    assertEquals(1, keys.stream().filter(k -> k.startsWith("combine-")).count(), keys.toString());
    assertEquals(1, keys.stream().filter(k -> k.startsWith("finalize-")).count(), keys.toString());
    assertEquals(5, g.size());
    assertEquals(g.keys(), df.col("fare").mean().graph().keys(), "the same computation gets the same keys");
  }

  @Test
  void headOfAHundredPartitionFileRunsOnePartitionPerThread() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 20_000; i++) {
      sb.append(i).append(',').append(i % 13).append('\n');
    }
    Path file = dir.resolve("big.csv");
    Files.writeString(file, sb);
    DataFrame df = DataFrame.readCsv(file.toString(), CsvOptions.defaults().blockSize(Files.size(file) / 100 + 1));
    assertTrue(df.graph().keys().stream().filter(k -> k.startsWith("chunk-")).count() >= 100);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    SchedulerListener listener = new SchedulerListener() {
      @Override
      public void onTaskStart(String key, int worker) {
        started.add(key);
      }
    };
    try (Table t = df.head(5, ComputeOptions.defaults().threads(2).listener(listener))) {
      assertEquals(5, t.rowCount());
      for (int i = 0; i < 5; i++) {
        assertEquals(i, t.getLong(i, "a"));
      }
    }
    assertEquals(2, started.size(), "one partition per thread, then enough rows: " + started);
  }

  @Test
  void resultsAreBitIdenticalWhateverTheThreadCount() throws IOException {
    DataFrame df = DataFrame.readCsv(writeCsv(6, 3000, 2), CsvOptions.defaults().blockSize(8192));
    List<double[]> sums = new ArrayList<>();
    for (int threads : new int[] {1, 2, 8}) {
      ComputeOptions opts = ComputeOptions.defaults().threads(threads).splitEvery(3);
      double total = (Double) df.col("x").sum().compute(opts);
      try (Table t = df.groupBy("k").agg(sum("x"), mean("x").as("m")).compute(opts)) {
        double[] row = new double[1 + 2 * t.rowCount()];
        row[0] = total;
        for (int r = 0; r < t.rowCount(); r++) {
          row[1 + 2 * r] = t.getDouble(r, "x");
          row[2 + 2 * r] = t.getDouble(r, "m");
        }
        sums.add(row);
      }
    }
    assertArrayEquals(sums.get(0), sums.get(1));
    assertArrayEquals(sums.get(0), sums.get(2));
  }

  @Test
  void computingTogetherSharesIdenticalWork() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(2, 100, 3));
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    SchedulerListener listener = new SchedulerListener() {
      @Override
      public void onTaskStart(String key, int worker) {
        started.add(key);
      }
    };
    List<Object> r = Partita.compute(ComputeOptions.defaults().listener(listener),
        df.col("v").sum(), df.col("v").sum(), df.count());
    assertEquals(r.get(0), r.get(1));
    assertEquals(200L, r.get(2));
    assertEquals(started.size(), new java.util.HashSet<>(started).size(), "no task runs twice");
    assertEquals(2 + 1 + 1 + 2, started.size(),
        "sum and count share one scan: 2 chunks, a combine, a finalize, and each value's pick of its column");
  }

  @Test
  void unknownColumnSuggestsTheClosest() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(1, 10, 4));
    AnalysisException e = assertThrows(AnalysisException.class, () -> df.col("fair"));
    assertEquals("column 'fair' not found; did you mean 'fare'? columns: [k, v, x, fare]", e.getMessage());
    assertThrows(AnalysisException.class, () -> df.filter(col("vv").gt(1)));
    assertThrows(AnalysisException.class, () -> df.groupBy("kk"));
  }

  @Test
  void typeErrorsNameTheTypeAndWhere() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(1, 10, 5));
    AnalysisException mean = assertThrows(AnalysisException.class, () -> df.col("k").mean());
    assertTrue(mean.getMessage().contains("mean of column 'k' of type string"), mean.getMessage());
    AnalysisException cmp = assertThrows(AnalysisException.class, () -> df.filter(col("k").gt(1)));
    assertTrue(cmp.getMessage().contains("cannot compare string with int64 in (k > 1)"), cmp.getMessage());
    AnalysisException notBool = assertThrows(AnalysisException.class, () -> df.filter(col("v").plus(1)));
    assertTrue(notBool.getMessage().contains("filter needs a bool condition"), notBool.getMessage());
    AnalysisException dup = assertThrows(AnalysisException.class,
        () -> df.groupBy("k").agg(sum("v"), mean("v")));
    assertTrue(dup.getMessage().contains("duplicate output column 'v'") && dup.getMessage().contains(".as("),
        dup.getMessage());
  }

  @Test
  void explainShowsTheFusedTaskAndPushdown() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(2, 10, 6));
    String plan = df.filter(col("v").gt(1)).groupBy("k").agg(sum("fare"), count()).explain();
    assertTrue(plan.contains("pushed filter="), plan);
    assertTrue(plan.contains("columns=[k, v, fare]"), plan);
    assertTrue(plan.contains("Filter (v > 1) (fused into each of 2 partitions)"), plan);
    assertTrue(plan.contains("2 partial states (fused into the partitions' tasks)"), plan);
  }

  @Test
  void tablePrintsHeadAndTailWithTypes() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(1, 50, 7));
    try (Table t = df.select("v", "k").compute()) {
      String[] lines = t.toString().split("\n");
      assertTrue(lines[1].startsWith("v") && lines[2].contains("int64") && lines[2].contains("string"),
          t.toString());
      assertEquals(1 + 3 + 10 + 1 + 10, lines.length, t.toString());
      assertTrue(lines[14].contains("…"), t.toString());
    }
  }

  @Test
  void describeSummarisesNumericColumns() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(2, 40, 8));
    try (Table d = df.describe(); Table all = df.compute()) {
      assertEquals(List.of("statistic", "v", "x", "fare"), d.columnNames());
      assertEquals(80.0, d.getDouble(0, "v"));
      double sum = 0;
      for (int r = 0; r < all.rowCount(); r++) {
        sum += all.getLong(r, "v");
      }
      assertEquals(sum / 80, d.getDouble(1, "v"), 1e-9);
    }
  }

  @Test
  void writeThenReadBackGivesTheSameRows() throws IOException {
    DataFrame df = DataFrame.read(writeCsv(3, 40, 9)).filter(col("v").ge(0)).select("k", "v");
    Path out = dir.resolve("out");
    long rows = df.write().parquet(out.toString());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    DataFrame back = DataFrame.readParquet(out.toString());
    assertEquals(rows, back.count().compute());
    assertEquals(df.col("v").sum().compute(), back.col("v").sum().compute());
    Path csv = dir.resolve("t.csv");
    try (Table t = df.compute()) {
      t.toCsv(csv);
      assertEquals(t.rowCount() + 1, Files.readAllLines(csv).size());
    }
  }

  @Test
  void aggregatedFrameIsWrittenByATaskAfterItsFinalize() throws IOException {
    DataFrame agg = DataFrame.read(writeCsv(3, 40, 10)).groupBy("k").agg(sum("v"), count());
    Path out = dir.resolve("agg");
    Graph g = agg.write().parquetGraph(out.toString());
    String commit = g.keys().stream().filter(k -> k.startsWith("write-commit-")).findFirst().orElseThrow();
    assertEquals(1, g.dependencies(commit).size(), "one part: the aggregation's one partition");
    String part = g.dependencies(commit).iterator().next();
    assertTrue(part.startsWith("write-"), part);
    String finalize = g.dependencies(part).iterator().next();
    assertTrue(finalize.startsWith("finalize-"), finalize);
    assertEquals(3, g.keys().stream().filter(k -> k.startsWith("chunk-")).count(), g.keys().toString());

    long rows = agg.write().options(ComputeOptions.defaults().threads(2)).parquet(out.toString());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    try (Table written = DataFrame.readParquet(out.toString()).compute(); Table computed = agg.compute()) {
      assertEquals(computed.rowCount(), rows);
      assertEquals(computed.toString(), written.toString());
    }
  }
}
