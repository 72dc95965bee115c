package dev.partita;

import static dev.partita.Functions.col;
import static dev.partita.Functions.count;
import static dev.partita.Functions.max;
import static dev.partita.Functions.mean;
import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.partita.exec.Memory;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global aggregations computed together over the same (filtered) source share one scan. */
class FusionTest {

  @TempDir
  Path dir;
  DataFrame df;
  final List<String> started = Collections.synchronizedList(new ArrayList<>());
  final ComputeOptions counting = ComputeOptions.defaults().threads(3).listener(new SchedulerListener() {
    @Override
    public void onTaskStart(String key, int worker) {
      started.add(key);
    }
  });

  @BeforeEach
  void write() throws IOException {
    Random r = new Random(7);
    for (int f = 0; f < 3; f++) {
      StringBuilder sb = new StringBuilder("k,x,y\n");
      for (int i = 0; i < 400; i++) {
        sb.append('k').append(r.nextInt(4)).append(',').append(r.nextInt(1000) - 300).append(',')
            .append(r.nextInt(5) == 0 ? "" : String.valueOf(r.nextDouble() * 100)).append('\n');
      }
      Files.writeString(dir.resolve("p" + f + ".csv"), sb);
    }
    df = DataFrame.readCsv(dir + "/*.csv", CsvOptions.defaults().blockSize(2048));
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  private long chunks() {
    return started.stream().filter(k -> k.contains("-chunk-")).count();
  }

  private int partitions() {
    started.clear();
    df.compute(counting).close();
    int n = (int) chunks();
    started.clear();
    return n;
  }

  @Test
  void scalarsOverOneSourceScanItOnce() {
    int partitions = partitions();
    DataFrame big = df.filter(col("x").gt(100));
    List<Lazy> values = List.of(df.col("x").sum(), df.col("x").mean(), df.col("y").max(), df.count(),
        df.agg(sum("y"), count().as("n"), mean("x").as("mx")));
    List<Object> together = Partita.compute(counting, values.toArray(new Lazy[0]));
    assertEquals(partitions, chunks(), started.toString());
    assertSameResults(values, together);

    started.clear();
    List<Lazy> filtered = List.of(big.col("x").sum(), big.col("y").mean(), big.count());
    List<Object> filteredTogether = Partita.compute(counting, filtered.toArray(new Lazy[0]));
    assertEquals(partitions, chunks(), started.toString());
    assertSameResults(filtered, filteredTogether);
  }

  @Test
  void groupByAndOtherSourcesKeepTheirOwnChunks() {
    int partitions = partitions();
    List<Lazy> values = List.of(df.col("x").sum(), df.col("y").mean(), df.groupBy("k").agg(max("x")),
        df.filter(col("k").eq("k1")).col("x").sum());
    List<Object> together = Partita.compute(counting, values.toArray(new Lazy[0]));
    assertEquals(3L * partitions, chunks(), started.toString());
    assertSameResults(values, together);
  }

  private void assertSameResults(List<Lazy> values, List<Object> together) {
    for (int i = 0; i < values.size(); i++) {
      Object alone = Partita.compute(values.get(i)).get(0);
      Object both = together.get(i);
      if (alone instanceof Table) {
        try (Table a = (Table) alone; Table b = (Table) both) {
          assertEquals(a.toString(), b.toString(), "value " + i);
          assertEquals(a.schema(), b.schema(), "value " + i);
        }
      } else {
        assertEquals(alone, both, "value " + i);
      }
    }
  }
}
