package dev.partita;

import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.SchedulerListener;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataframe computation with a result cache: re-runs compute only what a file change affects. */
class ResultCacheTest {

  @TempDir
  Path dir;

  /** The tasks that ran and those read from the cache, by kind. */
  static final class Tasks implements SchedulerListener {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    final List<String> hits = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onTaskStart(String key, int worker) {
      ran.add(key);
    }

    @Override
    public void onCacheHit(String key, int worker, long nanos) {
      hits.add(key);
    }

    @Override
    public void onCacheProblem(String key, Path entry, String problem) {
      problems.add(problem);
    }

    long ran(String kind) {
      return ran.stream().filter(k -> k.startsWith(kind + "-")).count();
    }
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private void writeDay(String file, int day, int rows) throws IOException {
    StringBuilder csv = new StringBuilder("day,v\n");
    for (int i = 0; i < rows; i++) {
      csv.append("d").append(day + i % 2).append(',').append(i * 7 % 1000).append('\n');
    }
    Path p = dir.resolve("logs").resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, csv);
  }

  private String query(Tasks tasks, int threads) {
    DataFrame df = DataFrame.readCsv(dir.resolve("logs") + "/*.csv", CsvOptions.defaults().blockSize(2048)
        .dtype("v", CsvType.INT64));
    ComputeOptions options = ComputeOptions.defaults().threads(threads).splitEvery(2)
        .cache(dir.resolve("cache"), 0).listener(tasks);
    try (Table t = df.groupBy("day").agg(sum("v")).compute(options)) {
      return t.toString();
    }
  }

  private String uncached() {
    DataFrame df = DataFrame.readCsv(dir.resolve("logs") + "/*.csv", CsvOptions.defaults().blockSize(2048)
        .dtype("v", CsvType.INT64));
    try (Table t = df.groupBy("day").agg(sum("v")).compute(ComputeOptions.defaults().splitEvery(2))) {
      return t.toString();
    }
  }

  @Test
  void aNewFileRunsOnlyItsChunksAndTheCombinesAboveThem() throws IOException {
    for (int day = 1; day <= 4; day++) {
      writeDay("day-" + day + ".csv", day, 600);
    }
    Tasks cold = new Tasks();
    String first = query(cold, 4);
    long chunks = cold.ran("chunk");
    assertTrue(chunks >= 8, "need several partitions per file, got " + chunks);
    assertEquals(uncached(), first);

    Tasks warm = new Tasks();
    assertEquals(first, query(warm, 3));
    assertEquals(List.of(), warm.ran);
    assertEquals(1, warm.hits.size());

    writeDay("day-5.csv", 5, 600);
    Tasks incremental = new Tasks();
    String withNewFile = query(incremental, 4);
    assertEquals(uncached(), withNewFile);
    long newChunks = incremental.ran("chunk");
    assertTrue(newChunks >= 2 && newChunks <= chunks / 4 + 1, "chunks run: " + incremental.ran);
    assertTrue(incremental.hits.stream().anyMatch(k -> k.startsWith("combine-")),
        "the combines over the old files' chunks should be hits: " + incremental.hits);
    assertTrue(incremental.ran("combine") < cold.ran("combine"), "combines run: " + incremental.ran);
    assertEquals(List.of(), incremental.problems);
  }

  @Test
  void aModifiedFileInvalidatesOnlyItsOwnPartitions() throws IOException {
    for (int day = 1; day <= 3; day++) {
      writeDay("day-" + day + ".csv", day, 600);
    }
    Tasks cold = new Tasks();
    query(cold, 2);
    long perFile = cold.ran("chunk") / 3;
    writeDay("day-2.csv", 20, 600);
    Files.setLastModifiedTime(dir.resolve("logs/day-2.csv"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Tasks changed = new Tasks();
    assertEquals(uncached(), query(changed, 2));
    assertEquals(perFile, changed.ran("chunk"), "chunks run: " + changed.ran);
  }

  @Test
  void aCorruptEntryIsReportedAndRecomputedWithTheSameAnswer() throws IOException {
    for (int day = 1; day <= 2; day++) {
      writeDay("day-" + day + ".csv", day, 600);
    }
    String first = query(new Tasks(), 2);
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      for (Path entry : files.filter(p -> p.getFileName().toString().startsWith("finalize-")).toList()) {
        try (RandomAccessFile f = new RandomAccessFile(entry.toFile(), "rw")) {
          f.seek(f.length() / 2);
          int b = f.read();
          f.seek(f.length() / 2);
          f.write(b ^ 0xff);
        }
      }
    }
    Tasks again = new Tasks();
    assertEquals(first, query(again, 2));
    assertEquals(List.of("checksum mismatch"), again.problems);
    assertEquals(1, again.ran.size(), "only the finalize runs again, over the cached combine: " + again.ran);
    assertEquals(0, again.ran("chunk"));
  }

  @Test
  void entriesAreNamedWithTheCodeOfTheWholeEngine() {
    List<String> code = ResultCache.CODE.stream().map(Class::getName).toList();
    for (String c : List.of("dev.partita.agg.SumLong", "dev.partita.agg.AggStates", "dev.partita.hash.BytesGroupTable",
        "dev.partita.kernel.Arithmetic", "dev.partita.io.csv.ByteCsvReader", "dev.partita.io.parquet.ParquetSource")) {
      assertTrue(code.contains(c), c + " shapes results but is not in the cache's code fingerprint");
    }
    assertTrue(code.stream().noneMatch(c -> c.contains("$") || c.startsWith("dev.partita.cli.")), code.toString());
  }

  @Test
  void aggregationStatesAreStoredAsArrowAndReadBackAndOrphanedTemporaryFilesSwept() throws IOException {
    for (int day = 1; day <= 2; day++) {
      writeDay("day-" + day + ".csv", day, 600);
    }
    Path orphan = Files.createDirectories(dir.resolve("cache")).resolve(".tmp-999999999-0");
    Files.writeString(orphan, "left by a writer killed half way");
    Tasks cold = new Tasks();
    String first = query(cold, 2);
    assertFalse(Files.exists(orphan));
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      List<Path> chunks = files.filter(p -> p.getFileName().toString().startsWith("chunk-")).toList();
      assertEquals(cold.ran("chunk"), chunks.size());
      for (Path entry : chunks) {
        String head = new String(Files.readAllBytes(entry), 0, 64, StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("agg-state"), entry + " starts " + head);
      }
    }
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      for (Path entry : files.filter(p -> p.getFileName().toString().startsWith("finalize-")).toList()) {
        Files.delete(entry);
      }
    }
    Tasks again = new Tasks();
    assertEquals(first, query(again, 2));
    assertEquals(List.of("finalize"), again.ran.stream().map(k -> k.substring(0, k.indexOf('-'))).toList(),
        "the finalize runs again over the combine read back from its entry");
    assertEquals(List.of(), again.problems);
  }

  /**
   * The combines of a left-aligned tree of fan-in {@code k} over {@code after} chunks that cover any of the
   * chunks after the first {@code before}: those an appended file changes. Every other combine has the same
   * inputs as in the tree over {@code before} chunks, so the same key.
   */
  private static int combinesOverNewChunks(int before, int after, int k) {
    int count = 0;
    long width = 1;
    for (long nodes = after; nodes > 1; ) {
      width *= k;
      nodes = (nodes + k - 1) / k;
      for (long j = 0; j < nodes; j++) {
        if ((j + 1) * width > before) {
          count++;
        }
      }
    }
    return count;
  }

  @Test
  void appendingFilesRecomputesOnlyTheirChunksAndTheCombinesOnTheirPath() throws IOException {
    for (int day = 1; day <= 4; day++) {
      writeDay("day-" + day + ".csv", day, 600);
    }
    Tasks cold = new Tasks();
    query(cold, 2);
    int chunks = (int) cold.ran("chunk");
    assertEquals(combinesOverNewChunks(0, chunks, 2), cold.ran("combine"));
    for (int day = 5; day <= 7; day++) {
      writeDay("day-" + day + ".csv", day, 600 + 300 * (day - 5));
      Tasks appended = new Tasks();
      assertEquals(uncached(), query(appended, 2));
      int now = chunks + (int) appended.ran("chunk");
      assertTrue(now > chunks, "the new file's chunks run: " + appended.ran);
      assertEquals(combinesOverNewChunks(chunks, now, 2), appended.ran("combine"), "day " + day + ": " + appended.ran);
      assertEquals(1, appended.ran("finalize"));
      assertEquals(List.of(), appended.problems);
      chunks = now;
    }
  }
}
