package dev.partita;

import static dev.partita.Functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.partita.exec.Memory;
import dev.partita.graph.TaskFailedException;
import dev.partita.io.DataException;
import dev.partita.io.csv.CsvOptions;
import dev.partita.io.csv.CsvType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task failing while others have already produced batches or partial states: the user gets the
 * reader's DataException itself (file, line, column, with the failing task's key attached), and
 * neither Arrow memory nor worker threads are left behind.
 */
class FailureCleanupTest {

  static final int ROWS = 2000;

  @TempDir
  Path dir;
  DataFrame df;
  Path bad;

  @BeforeEach
  void twoFilesTheSecondBadNearItsEnd() throws IOException {
    StringBuilder good = new StringBuilder("k,v\n");
    StringBuilder broken = new StringBuilder("k,v\n");
    for (int i = 0; i < ROWS; i++) {
      good.append('k').append(i % 5).append(',').append(i).append('\n');
      broken.append('k').append(i % 5).append(',').append(i == ROWS - 10 ? "12x" : String.valueOf(i)).append('\n');
    }
    Files.writeString(dir.resolve("a.csv"), good);
    bad = dir.resolve("b.csv");
    Files.writeString(bad, broken);
    df = DataFrame.readCsv(dir + "/*.csv", CsvOptions.defaults().blockSize(1024).dtype("v", CsvType.INT64));
  }

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory still allocated after the test");
  }

  @Test
  void collectingFrameFailsWithTheReadersErrorAndReleasesTheBatchesOfOtherPartitions() {
    for (int threads : new int[] {1, 4}) {
      assertBadValue(() -> df.compute(ComputeOptions.defaults().threads(threads)));
    }
  }

  @Test
  void valuesComputedTogetherReleaseEverythingWhenOneFails() {
    DataFrame firstFileOnly = DataFrame.readCsv(dir + "/a.csv", CsvOptions.defaults().dtype("v", CsvType.INT64));
    assertBadValue(() -> Partita.compute(ComputeOptions.defaults().threads(4),
        firstFileOnly.groupBy("k").agg(sum("v")), firstFileOnly.select("k"), df.col("v").sum(), df));
  }

  @Test
  void aggregationFailsWithTheReadersError() {
    assertBadValue(() -> df.groupBy("k").agg(sum("v")).compute(ComputeOptions.defaults().threads(3)));
  }

  private void assertBadValue(Supplier<Object> computation) {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DataException e = assertThrows(DataException.class, computation::get);
    assertEquals(bad.toString(), e.file());
    assertEquals("v", e.column());
    assertEquals("12x", e.value());
    assertTrue(e.location().contains(String.valueOf(ROWS - 10 + 2)), e.location());
    List<String> keys = Arrays.stream(e.getSuppressed()).filter(s -> s instanceof TaskFailedException)
        .map(s -> ((TaskFailedException) s).key()).collect(Collectors.toList());
    assertEquals(1, keys.size(), "the failing task's key is attached");
    assertTrue(keys.get(0).startsWith("chunk-"), keys.get(0));
    assertEquals(0, Memory.root().getAllocatedMemory(), "Arrow memory left after the failure");
    Set<String> leftover = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive() && t.getName().startsWith("partita-"))
        .map(Thread::getName).collect(Collectors.toSet());
    assertEquals(Set.of(), leftover, "worker threads still running");
  }
}
