package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.io.sink.ParquetWriteOptions;
import dev.partita.io.sink.PartWriter;
import dev.partita.io.sink.Sinks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Arrow memory a computation holds: results are tables of their own, a table dropped unclosed is freed
 * by the Cleaner, and the column chunks the Parquet reader reads count against the memory limit.
 */
class ResourcesTest {

  @TempDir
  Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  /** One Parquet file of {@code rows} random longs in one row group, uncompressed; returns their sum. */
  private long writeLongs(Path file, int rows) throws IOException {
    Random r = new Random(17);
    long total = 0;
    try (BufferAllocator allocator = Memory.root().newChildAllocator("test", 0, Long.MAX_VALUE);
        BigIntVector v = new BigIntVector("v", allocator)) {
      v.allocateNew(rows);
      for (int i = 0; i < rows; i++) {
        long x = r.nextLong() >> 24;
        v.set(i, x);
        total += x;
      }
      v.setValueCount(rows);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(v);
          PartWriter w = Sinks.parquetFile(file.toString(), root.getSchema(),
              ParquetWriteOptions.defaults().withCodec(ParquetWriteOptions.Codec.UNCOMPRESSED))) {
        root.setRowCount(rows);
        w.write(root);
        w.commit();
      }
    }
    return total;
  }

  @Test
  void parquetColumnChunksCountAgainstTheMemoryLimit() throws IOException {
    Path file = dir.resolve("longs.parquet");
    long total = writeLongs(file, 1 << 20);
    DataFrame df = DataFrame.readParquet(file.toString());
    ComputeOptions roomy = ComputeOptions.defaults().threads(1).memoryLimit(64L << 20);
    assertEquals(total, df.col("v").sum().compute(roomy).longValue());

    ComputeOptions tight = ComputeOptions.defaults().threads(1).memoryLimit(4L << 20);
    RuntimeException e = assertThrows(RuntimeException.class, () -> df.col("v").sum().compute(tight));
    OutOfMemoryException oom = null;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryException o) {
        oom = o;
      }
    }
    assertNotNull(oom, "an 8 MiB column chunk read under a 4 MiB limit: " + e);
    assertTrue(oom.getMessage().startsWith("reading " + file + " needs a column chunk buffer of "), oom.getMessage());
    assertTrue(oom.getMessage().contains("beyond the memory limit"), oom.getMessage());
  }

  @Test
  void aResultOverTheLimitFailsAndFreesWhatItHeld() throws IOException {
    Path file = dir.resolve("rows.csv");
    StringBuilder csv = new StringBuilder("k,s\n");
    for (int i = 0; i < 200_000; i++) {
      csv.append(i).append(",name-").append(i % 977).append('\n');
    }
    java.nio.file.Files.writeString(file, csv);
    DataFrame df = DataFrame.read(file.toString());
    int failures = 0;
    int overLimit = 0;
    for (long kib = 512; kib <= 24 << 10; kib += 512) {
      ComputeOptions limited = ComputeOptions.defaults().threads(2).memoryLimit(kib << 10);
      for (boolean head : new boolean[] {false, true}) {
        try (Table t = head ? df.head(199_999, limited) : df.compute(limited)) {
          assertEquals(head ? 199_999 : 200_000, t.rowCount());
        } catch (RuntimeException e) {
          failures++;
          for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryException && String.valueOf(c.getMessage()).contains("does not fit")) {
              overLimit++;
              break;
            }
          }
        }
        assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory left after a run under " + kib + " KiB");
      }
    }
    assertTrue(failures > 0 && failures < 96, failures + " of 96 runs failed");
    assertTrue(overLimit > 0, "no run failed in the copy of the result");
  }

  @Test
  void equalValuesComputedTogetherGetTablesOfTheirOwn() throws IOException {
    Path file = dir.resolve("longs.parquet");
    writeLongs(file, 10_000);
    DataFrame df = DataFrame.readParquet(file.toString()).withColumn("k", col("v").mod(7))
        .groupBy("k").agg(sum("v").as("s"), count().as("n")).orderBy(col("k"));
    List<Object> both = Partita.compute(df, df);
    Table first = (Table) both.get(0);
    Table second = (Table) both.get(1);
    String expected = first.toString();
    first.close();
    assertEquals(expected, second.toString(), "closing one result must not close the other");
    second.close();
  }

  @Test
  void aTableDroppedUnclosedIsFreedByTheCleaner() throws Exception {
    Path file = dir.resolve("longs.parquet");
    writeLongs(file, 100_000);
    DataFrame df = DataFrame.readParquet(file.toString());
    dropUnclosed(df);
    assertTrue(Memory.root().getAllocatedMemory() > 0, "the dropped table still holds its memory");
    for (int i = 0; i < 200 && Memory.root().getAllocatedMemory() > 0; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0, Memory.root().getAllocatedMemory(), "the Cleaner frees a table no one closed");
  }

  private static void dropUnclosed(DataFrame df) {
    assertEquals(100_000, df.compute(ComputeOptions.defaults().threads(1)).rowCount());
  }
}
