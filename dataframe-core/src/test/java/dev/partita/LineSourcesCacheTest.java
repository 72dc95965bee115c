package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.io.text.JsonOptions;
import dev.partita.io.text.JsonSource;
import dev.partita.io.text.JsonType;
import dev.partita.io.text.TextSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text and JSON lines scans hash without their file lists, as CSV and Parquet do: a new file runs only its
 * own chunks, while a JSON source whose declared types differ is another computation.
 */
class LineSourcesCacheTest {

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private void write(String name, int from, int rows) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < from + rows; i++) {
      text.append(name.endsWith(".jsonl") ? "{\"k\": \"k" + i % 3 + "\", \"v\": " + i + "}" : "line " + i)
          .append('\n');
    }
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in").resolve(name), text);
  }

  private ComputeOptions options(ResultCacheTest.Tasks tasks) {
    return ComputeOptions.defaults().threads(2).splitEvery(2).cache(dir.resolve("cache"), 0).listener(tasks);
  }

  @Test
  void aNewTextFileRunsOnlyItsOwnChunks() throws IOException {
    write("a.log", 0, 3000);
    write("b.log", 3000, 3000);
    ResultCacheTest.Tasks cold = new ResultCacheTest.Tasks();
    DataFrame two = DataFrame.of(TextSource.of(dir + "/in/*.log", 4096));
    assertEquals(600L, two.filter(col("line").endsWith("5")).count().compute(options(cold)));
    assertTrue(cold.ran("chunk") > 6, "several partitions per file: " + cold.ran);
    write("c.log", 6000, 3000);
    int partitionsOfC = TextSource.of(dir + "/in/c.log", 4096).partitions().size();
    ResultCacheTest.Tasks warm = new ResultCacheTest.Tasks();
    DataFrame three = DataFrame.of(TextSource.of(dir + "/in/*.log", 4096));
    assertEquals(900L, three.filter(col("line").endsWith("5")).count().compute(options(warm)));
    assertEquals(partitionsOfC, warm.ran("chunk"), "chunks run: " + warm.ran);
  }

  @Test
  void aNewJsonFileRunsOnlyItsOwnChunksAndDeclaredTypesAreAnotherComputation() throws IOException {
    write("a.jsonl", 0, 2000);
    ResultCacheTest.Tasks cold = new ResultCacheTest.Tasks();
    JsonOptions small = JsonOptions.defaults().blockSize(4096);
    try (Table t = DataFrame.of(JsonSource.of(dir + "/in/*.jsonl", small)).groupBy("k").agg(sum("v"))
        .compute(options(cold))) {
      assertEquals(3, t.rowCount());
    }
    long chunks = cold.ran("chunk");
    write("b.jsonl", 2000, 2000);
    ResultCacheTest.Tasks warm = new ResultCacheTest.Tasks();
    try (Table t = DataFrame.of(JsonSource.of(dir + "/in/*.jsonl", small)).groupBy("k").agg(sum("v"))
        .compute(options(warm))) {
      assertEquals(3, t.rowCount());
    }
    assertEquals(JsonSource.of(dir + "/in/b.jsonl", small).partitions().size(), warm.ran("chunk"),
        "chunks run: " + warm.ran);
    ResultCacheTest.Tasks typed = new ResultCacheTest.Tasks();
    try (Table t = DataFrame.of(JsonSource.of(dir + "/in/*.jsonl", small.dtype("v", JsonType.FLOAT64)))
        .groupBy("k").agg(sum("v")).compute(options(typed))) {
      assertEquals(3, t.rowCount());
    }
    assertEquals(warm.ran("chunk") + chunks, typed.ran("chunk"), "a declared type reads every file again");
  }
}
