package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.Graph;
import dev.partita.graph.SchedulerListener;
import dev.partita.io.DataException;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvType;
import dev.partita.io.sink.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code write().mode(...)}: error refuses a directory holding data before anything runs, overwrite replaces
 * its contents, append adds parts under new names; a write that fails or is interrupted leaves the old output
 * as it was, and nothing of the write behind.
 */
class WriteModeTest {

  @TempDir
  Path dir;
  Path out;
  DataFrame first;
  DataFrame second;

  @BeforeEach
  void twoDataSets() throws IOException {
    first = frame("first", 3, 500, 1);
    second = frame("second", 2, 300, 2);
    out = dir.resolve("out");
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  /** {@code files} CSV files of k (a string), v (an int64) and x (an int64 unique over the data set). */
  private DataFrame frame(String name, int files, int rows, long seed) throws IOException {
    Random r = new Random(seed);
    Path d = Files.createDirectories(dir.resolve(name));
    for (int f = 0; f < files; f++) {
      StringBuilder csv = new StringBuilder("k,v,x\n");
      for (int i = 0; i < rows; i++) {
        csv.append('k').append(r.nextInt(7)).append(',').append(r.nextInt(1000)).append(',')
            .append(seed * 1_000_000 + f * rows + i).append('\n');
      }
      Files.writeString(d.resolve("f" + f + ".csv"), csv);
    }
    return DataFrame.readCsv(d + "/*.csv", CsvOptions.defaults().blockSize(4096).dtype("v", CsvType.INT64)
        .dtype("x", CsvType.INT64));
  }

  private static List<String> rows(DataFrame df) {
    try (Table t = df.compute(ComputeOptions.defaults().threads(2))) {
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < t.rowCount(); i++) {
        rows.add(t.getString(i, "k") + "," + t.getLong(i, "v") + "," + t.getLong(i, "x"));
      }
      return rows;
    }
  }

  private static List<String> sorted(List<String> rows) {
    List<String> s = new ArrayList<>(rows);
    Collections.sort(s);
    return s;
  }

  private List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** What the write left next to the target besides it: hidden staging or set-aside directories, markers. */
  private List<String> leftovers() throws IOException {
    return names(dir).stream().filter(n -> n.startsWith(".out")).toList();
  }

  @Test
  void errorIsTheDefaultAndRefusesADirectoryHoldingDataBeforeComputingAnything() throws IOException {
    assertEquals(1500, first.write().parquet(out.toString()));
    List<String> before = names(out);
    AtomicInteger tasks = new AtomicInteger();
    ComputeOptions counting = ComputeOptions.defaults().listener(new SchedulerListener() {
      @Override
      public void onTaskStart(String key, int worker) {
        tasks.incrementAndGet();
      }
    });
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> second.write().options(counting).parquet(out.toString()));
    FileAlreadyExistsException cause = assertInstanceOf(FileAlreadyExistsException.class, e.getCause());
    assertEquals(out.toString(), cause.getFile());
    assertTrue(e.getMessage().startsWith(out + ": already holds data ("), e.getMessage());
    assertTrue(e.getMessage().contains("mode(\"overwrite\") replaces it, mode(\"append\") adds parts"),
        e.getMessage());
    assertEquals(0, tasks.get(), "nothing may run before the target is accepted");
    assertEquals(before, names(out));
    assertEquals(sorted(rows(first)), sorted(rows(DataFrame.readParquet(out.toString()))));
    assertEquals(List.of(), leftovers());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(600, second.write().mode("error").csv(empty.toString()));
    assertEquals(sorted(rows(second)), sorted(rows(DataFrame.readCsv(empty + "/*.csv", CsvOptions.defaults()
        .dtype("v", CsvType.INT64).dtype("x", CsvType.INT64)))));
  }

  @Test
  void overwriteReplacesEveryPartOfTheOldOutput() throws IOException {
    first.write().parquet(out.toString());
    assertTrue(names(out).size() > 3, names(out).toString());
    DataFrame small = second.groupBy("k").agg(sum("v").as("v"), count().as("x"));
    long rows = small.write().mode("overwrite").parquet(out.toString());
    assertEquals(List.of("_SUCCESS", "part-00000.parquet"), names(out));
    try (Table written = DataFrame.readParquet(out.toString()).compute(); Table computed = small.compute()) {
      assertEquals(rows, written.rowCount());
      assertEquals(computed.toString(), written.toString());
    }
    assertEquals(List.of(), leftovers());
  }

  @Test
  void appendAddsPartsUnderNewNamesAndReadsBackBoth() throws IOException {
    first.write().mode(WriteMode.APPEND).parquet(out.toString());
    List<String> old = names(out);
    second.write().mode("append").parquet(out.toString());
    List<String> now = names(out);
    assertTrue(now.containsAll(old), now.toString());
    List<String> added = now.stream().filter(n -> !old.contains(n)).toList();
    assertFalse(added.isEmpty());
    for (String n : added) {
      assertTrue(n.matches("part-w[0-9a-f]{19}-\\d{5}\\.parquet"), n);
      assertTrue(old.stream().filter(o -> o.startsWith("part-")).allMatch(o -> o.compareTo(n) < 0),
          "later parts sort after earlier ones: " + now);
    }
    List<String> both = new ArrayList<>(rows(first));
    both.addAll(rows(second));
    assertEquals(sorted(both), sorted(rows(DataFrame.readParquet(out.toString()))));
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> second.select("k", "x").write().mode("append").parquet(out.toString()));
    assertEquals("cannot append to " + out + ": its parts have the columns [k string, v int64, x int64], the frame"
        + " has [k string, x int64]", e.problem());
    assertEquals(now, names(out));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void aWriteFailingHalfWayLeavesTheOldOutputIntact() throws IOException {
    first.write().parquet(out.toString());
    List<String> before = names(out);
    List<String> old = rows(DataFrame.readParquet(out.toString()));
    Path bad = dir.resolve("second/f1.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(bad));
    lines.set(lines.size() - 3, "k1,12x,3");
    Files.write(bad, lines);
    for (String mode : List.of("overwrite", "append")) {
      DataException e = assertThrows(DataException.class, () -> second.write().mode(mode)
          .options(ComputeOptions.defaults().threads(2)).parquet(out.toString()));
      assertEquals("12x", e.value());
      assertEquals(before, names(out), mode);
      assertEquals(old, rows(DataFrame.readParquet(out.toString())), mode);
      assertEquals(List.of(), leftovers(), mode);
    }
  }

  @Test
  void anInterruptedWriteIsAbortedAndLeavesTheOldOutputIntact() throws IOException {
    first.write().parquet(out.toString());
    List<String> before = names(out);
    Thread caller = Thread.currentThread();
    ComputeOptions interrupting = ComputeOptions.defaults().threads(2).listener(new SchedulerListener() {
      @Override
      public void onTaskEnd(String key, int worker, long nanos, Throwable failure) {
        if (key.startsWith("write-")) {
          caller.interrupt();
        }
      }
    });
    assertThrows(RuntimeException.class,
        () -> second.write().mode("overwrite").options(interrupting).parquet(out.toString()));
    assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
    assertEquals(before, names(out));
    assertEquals(List.of(), leftovers());
  }

  @Test
  void partsOfAnOrderedFrameReadBackInOrder() throws IOException {
    DataFrame ordered = first.union(second).orderBy(col("v").desc(), col("x"));
    Graph graph = ordered.write().parquetGraph(out.toString());
    long parts = graph.keys().stream().filter(k -> k.startsWith("write-") && !k.startsWith("write-commit-")).count();
    assertTrue(parts > 1, "several parts: " + graph.keys());
    ordered.write().options(ComputeOptions.defaults().threads(2)).parquet(out.toString());
    assertEquals(rows(ordered), rows(DataFrame.readParquet(out.toString())));
    ordered.write().options(ComputeOptions.defaults().threads(2)).csv(dir.resolve("csv").toString());
    assertEquals(rows(ordered), rows(DataFrame.readCsv(dir.resolve("csv") + "/*.csv", CsvOptions.defaults()
        .dtype("v", CsvType.INT64).dtype("x", CsvType.INT64))));
  }

  @Test
  void anUnknownModeNamesTheModes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> first.write().mode("replace"));
    assertEquals("unknown write mode 'replace': use error (the default: refuse a target that holds data),"
        + " overwrite or append", e.getMessage());
  }
}
