package dev.partita.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The group-count estimator and the splitOut it chooses. */
class GroupEstimateTest {

  private static final long N = 10_000_000;
  private static final int SAMPLE = 65_536;

  @Test
  void uniformKeysAreRecoveredFromTheExpectedDistinctCountOfASample() {
    for (long groups : new long[] {100, 10_000, 100_000, 1_000_000}) {
      long seen = Math.round(groups * -Math.expm1(N * Math.log1p(-(double) SAMPLE / N) / groups));
      long estimate = GroupEstimate.estimate(SAMPLE, seen, N);
      assertTrue(Math.abs(estimate - groups) <= groups / 50, groups + " groups estimated as " + estimate);
    }
  }

  @Test
  void aSampleOfDistinctKeysMeansEveryRowIsAGroup() {
    assertEquals(N, GroupEstimate.estimate(SAMPLE, SAMPLE, N));
    assertEquals(5_000, GroupEstimate.estimate(8_000, 5_000, 8_000));
  }

  @Test
  void splitOutIsAPowerOfTwoOfBucketsOfAtMostAMillionGroupsUpTo64() {
    assertEquals(1, new GroupEstimate(1_000_000, SAMPLE, 1, N, 40, 0, 1L << 30, false).splitOut());
    assertEquals(2, new GroupEstimate(1_000_001, SAMPLE, 1, N, 40, 0, 1L << 30, false).splitOut());
    assertEquals(16, new GroupEstimate(9_800_000, SAMPLE, 1, N, 40, 0, 1L << 30, false).splitOut());
    assertEquals(64, new GroupEstimate(1_000_000_000, SAMPLE, 1, N, 40, 0, 1L << 30, false).splitOut());
    assertEquals("auto: ~9.8M groups expected from a 65,536-row sample",
        new GroupEstimate(9_800_000, SAMPLE, SAMPLE, N, 40, 0, 1L << 30, false).describe());
  }

  /**
   * A partition's expected groups, for sizing its table: as many as its rows when every row is a group, all the
   * groups when each partition sees each many times, and in between as rows drawn at random from the groups
   * cover them (1 - 1/e of the groups for as many rows as groups).
   */
  @Test
  void aPartitionHoldsTheGroupsItsRowsDrawFromAll() {
    GroupEstimate unique = new GroupEstimate(10_000_000, SAMPLE, SAMPLE, 10_000_000, 40, 0, 1L << 30, false);
    assertEquals(951_626, unique.groupsPerPartition(10), 1);
    GroupEstimate few = new GroupEstimate(100, SAMPLE, 100, 10_000_000, 40, 0, 1L << 30, false);
    assertEquals(100, few.groupsPerPartition(16));
    GroupEstimate even = new GroupEstimate(1_000_000, SAMPLE, SAMPLE, 4_000_000, 40, 0, 1L << 30, false);
    assertEquals(632_121, even.groupsPerPartition(4), 1);
  }

  @Test
  void aStateBudgetSmallerThanAMillionGroupsAsksForMoreBuckets() {
    GroupEstimate e = new GroupEstimate(10_000_000, SAMPLE, SAMPLE, N, 85, 0, 16L << 20, false);
    assertEquals(64, e.splitOut());
    assertEquals("auto: ~10.0M groups expected from a 65,536-row sample, ~85 B/group for a 16 MB state budget",
        e.describe());
    assertEquals(32, new GroupEstimate(10_000_000, SAMPLE, SAMPLE, N, 85, 0, 32L << 20, false).splitOut());
  }

  @Test
  void valuesKeptPerRowAskForBucketsEvenForFewGroups() {
    long rows = 100_000_000;
    GroupEstimate median = new GroupEstimate(10_000, SAMPLE, 10_000, rows, 40, 16, 64L << 20, false);
    assertEquals(32, median.splitOut());
    assertEquals("auto: ~10,000 groups expected from a 65,536-row sample, ~40 B/group + ~16 B/row"
        + " for a 64 MB state budget", median.describe());
    assertEquals(1, new GroupEstimate(10_000, SAMPLE, 10_000, N / 10, 40, 16, 64L << 20, false).splitOut());
    assertEquals(2, new GroupEstimate(1_000_000, SAMPLE, SAMPLE, rows, 100, 0, 64L << 20, false).splitOut());
  }

  @Test
  void statesGoToDiskWhenWhatTheCombineTreeHoldsWouldNotFitAQuarterOfTheHeap() {
    long gib = 1L << 30;
    GroupEstimate median = new GroupEstimate(10_000, SAMPLE, 10_000, 100_000_000, 40, 16, 64L << 20, false);
    assertTrue(median.statesToDisk(100, 8, 2, gib));
    assertFalse(median.statesToDisk(100, 8, 2, 8 * gib));
    GroupEstimate million = new GroupEstimate(1_000_000, SAMPLE, SAMPLE, 100_000_000, 100, 0, 64L << 20, false);
    assertTrue(million.statesToDisk(100, 8, 2, gib));
    // eight states of a million groups, all held at the finalize, and its output: 900 MB
    assertTrue(million.statesToDisk(8, 8, 2, gib));
    assertFalse(million.statesToDisk(8, 8, 2, 4 * gib));
    // the README's demo: 16 chunks of 100,000 groups, ten of them held while the first combine runs, two outputs
    GroupEstimate demo = new GroupEstimate(100_000, SAMPLE, 48_000, 10_000_000, 100, 0, 64L << 20, false);
    assertTrue(demo.statesToDisk(16, 8, 2, gib / 4));
    assertFalse(demo.statesToDisk(16, 8, 2, gib));
    GroupEstimate q7 = new GroupEstimate(1_000_000, SAMPLE, SAMPLE, 100_000_000, 60, 0, 64L << 20, false);
    assertEquals(1, q7.splitOut());
    assertTrue(q7.statesToDisk(100, 8, 2, gib));
    assertFalse(new GroupEstimate(1_000, SAMPLE, 1_000, 100_000_000, 100, 0, 64L << 20, false).statesToDisk(100, 8, 2, gib));
  }

  @Test
  void twoSamplesSharingNoKeyMeanRowsInKeyOrderAndGroupsGrowingWithTheRows() {
    long lineitem = 60_000_000;
    long moment = GroupEstimate.estimate(SAMPLE, SAMPLE / 4, lineitem);
    assertTrue(moment < 20_000, "the moment estimate alone: " + moment);
    assertEquals(15_000_000, GroupEstimate.clustered(SAMPLE / 8, SAMPLE / 8, SAMPLE / 4, SAMPLE, lineitem, moment));
  }

  @Test
  void samplesSharingTheKeysARandomMixWouldLeaveTheMomentEstimate() {
    assertEquals(100, GroupEstimate.clustered(100, 100, 100, SAMPLE, N, 100));
    // 100,000 keys in random order, each in 100 rows: two samples of 32,768 rows see about 27,900 keys each and
    // share about 7,800.
    long moment = GroupEstimate.estimate(SAMPLE, 48_000, N);
    assertEquals(moment, GroupEstimate.clustered(27_900, 27_900, 48_000, SAMPLE, N, moment));
    // Every key in one row: no sample can share one, and the moment estimate is already every row.
    assertEquals(N, GroupEstimate.clustered(32_768, 32_768, SAMPLE, SAMPLE, N, GroupEstimate.estimate(SAMPLE, SAMPLE, N)));
  }

  @Test
  void fewSharedKeysAreCappedByCaptureRecapture() {
    long rows = 100_000_000;
    long moment = GroupEstimate.estimate(SAMPLE, 39_000, rows);
    assertTrue(moment < 200_000, "the moment estimate alone: " + moment);
    assertEquals(400_000, GroupEstimate.clustered(20_000, 20_000, 39_000, SAMPLE, rows, moment));
  }
}
