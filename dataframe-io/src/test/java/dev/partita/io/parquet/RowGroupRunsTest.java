package dev.partita.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.Test;

/** How row groups are cut into partitions: each once, in order, runs of about equal weight. */
class RowGroupRunsTest {

  private static List<BlockMetaData> groups(int n, long rows, long bytes) {
    List<BlockMetaData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BlockMetaData b = new BlockMetaData();
      b.setRowCount(i == n - 1 ? rows / 3 : rows);
      b.setTotalByteSize(bytes);
      out.add(b);
    }
    return out;
  }

  private static int[] runLengths(int[] starts, int groups) {
    int[] out = new int[starts.length];
    for (int r = 0; r < starts.length; r++) {
      out[r] = (r + 1 < starts.length ? starts[r + 1] : groups) - starts[r];
    }
    return out;
  }

  @Test
  void duckDbRowGroupsComeAboutEightToAPartitionAboveTheFloor() {
    List<BlockMetaData> hundredMillion = groups(814, 122_880, 4_500_000);
    int[] starts = RowGroupRuns.starts(List.of(hundredMillion), ParquetOptions.defaults()).get(0);
    assertEquals(96, starts.length);
    for (int len : runLengths(starts, 814)) {
      assertTrue(len == 8 || len == 9, "run of " + len);
    }
    List<BlockMetaData> tenMillion = groups(82, 122_880, 4_500_000);
    int[] floor = RowGroupRuns.starts(List.of(tenMillion), ParquetOptions.defaults()).get(0);
    assertEquals(ParquetOptions.MIN_PARTITIONS, floor.length, "the floor keeps 16 tasks");
  }

  @Test
  void bytesBindWhenRowsAreWide() {
    List<BlockMetaData> wide = groups(100, 10_000, 32L << 20);
    assertEquals(50, RowGroupRuns.starts(List.of(wide), ParquetOptions.defaults()).get(0).length);
  }

  @Test
  void fewRowGroupsStayOneEachAndPerFileAndPerGroupOptionsHold() {
    List<BlockMetaData> ten = groups(10, 500, 10_000);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
        RowGroupRuns.starts(List.of(ten), ParquetOptions.defaults()).get(0));
    List<BlockMetaData> many = groups(300, 100_000, 1_000);
    assertArrayEquals(new int[] {0}, RowGroupRuns.starts(List.of(many, List.of()),
        ParquetOptions.defaults().partitionPerFile(true)).get(0));
    assertArrayEquals(new int[] {0}, RowGroupRuns.starts(List.of(many, List.of()),
        ParquetOptions.defaults().partitionPerFile(true)).get(1), "an empty file is one run");
    assertEquals(300, RowGroupRuns.starts(List.of(many), ParquetOptions.defaults()
        .partitionSize(1, 1)).get(0).length);
    assertEquals(0, RowGroupRuns.starts(List.of(List.of()), ParquetOptions.defaults()).get(0)
        .length, "an empty file has no row group to read");
  }

  @Property(tries = 200)
  void everyRowGroupIsInOneRunInOrder(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int fileCount) {
    Random rnd = new Random(seed);
    List<List<BlockMetaData>> files = new ArrayList<>();
    int total = 0;
    for (int f = 0; f < fileCount; f++) {
      int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 5 : 200);
      List<BlockMetaData> blocks = new ArrayList<>();
      for (int g = 0; g < n; g++) {
        BlockMetaData b = new BlockMetaData();
        b.setRowCount(rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(2_000_000));
        b.setTotalByteSize(rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(200L << 20));
        blocks.add(b);
      }
      files.add(blocks);
      total += n;
    }
    ParquetOptions options = ParquetOptions.defaults()
        .partitionSize(1 + rnd.nextInt(3_000_000), 1 + rnd.nextLong(256L << 20));
    List<int[]> starts = RowGroupRuns.starts(files, options);
    assertEquals(files.size(), starts.size());
    int runs = 0;
    for (int f = 0; f < files.size(); f++) {
      int[] s = starts.get(f);
      int groups = files.get(f).size();
      assertEquals(groups == 0 ? 0 : s.length, s.length);
      assertTrue(groups == 0 || (s.length >= 1 && s.length <= groups && s[0] == 0));
      for (int r = 1; r < s.length; r++) {
        assertTrue(s[r] > s[r - 1] && s[r] < groups, "runs ascend and stay in the file");
      }
      runs += s.length;
    }
    int nonEmptyFiles = (int) files.stream().filter(b -> !b.isEmpty()).count();
    assertTrue(runs >= Math.max(nonEmptyFiles, Math.min(total, ParquetOptions.MIN_PARTITIONS)),
        runs + " runs for " + total + " row groups in " + nonEmptyFiles + " files");
    assertTrue(runs <= total, "never more runs than row groups");
  }

  @Property(tries = 200)
  void equalRowGroupsOfOneFileMakeTheFloorOrTheirWeightInRuns(
      @ForAll @IntRange(min = 1, max = 3000) int groups,
      @ForAll @IntRange(min = 1, max = 4_000_000) int rows) {
    List<BlockMetaData> blocks = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      BlockMetaData b = new BlockMetaData();
      b.setRowCount(rows);
      b.setTotalByteSize(rows * 8L);
      blocks.add(b);
    }
    double weight = (double) groups * rows / ParquetOptions.DEFAULT_PARTITION_ROWS;
    long expected = Math.min(groups,
        Math.max((long) Math.ceil(weight), Math.min(groups, ParquetOptions.MIN_PARTITIONS)));
    assertEquals(expected,
        RowGroupRuns.starts(List.of(blocks), ParquetOptions.defaults()).get(0).length);
  }
}
