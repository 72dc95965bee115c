package dev.partita.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Cuts the row groups of a source's files into partitions ({@link ParquetOptions}): each row group
 * weighs {@code max(rows / partitionRows, bytes / partitionBytes)}; the source gets
 * {@code K = max(ceil(total weight), min(row groups, MIN_PARTITIONS))} partitions; each file gets
 * its share of them by weight (at least one, at most one per row group; runs that rounding or a
 * file of few heavy row groups leaves over go to the files with the heaviest runs), and is cut
 * where its cumulative weight comes closest to equal shares, so its runs weigh about the same.
 * DuckDB's 122,880-row groups come out about eight to a partition.
 */
final class RowGroupRuns {

  private RowGroupRuns() {}

  /** Per file, the first row group of each of its runs (ascending, starting at 0). */
  static List<int[]> starts(List<List<BlockMetaData>> files, ParquetOptions options) {
    List<int[]> out = new ArrayList<>();
    if (options.partitionPerFile()) {
      files.forEach(f -> out.add(new int[] {0}));
      return out;
    }
    List<double[]> weights = new ArrayList<>();
    double total = 0;
    int groups = 0;
    for (List<BlockMetaData> blocks : files) {
      double[] w = new double[blocks.size()];
      for (int g = 0; g < w.length; g++) {
        BlockMetaData b = blocks.get(g);
        w[g] = Math.max(Math.max((double) b.getRowCount() / options.partitionRows(),
            (double) bytes(b) / options.partitionBytes()), 1e-9);
        total += w[g];
      }
      weights.add(w);
      groups += w.length;
    }
    long k = Math.max((long) Math.ceil(total), Math.min(groups, ParquetOptions.MIN_PARTITIONS));
    double perRun = total / Math.max(k, 1);
    int[] runs = new int[files.size()];
    double[] fileTotals = new double[files.size()];
    long sum = 0;
    for (int f = 0; f < runs.length; f++) {
      for (double x : weights.get(f)) {
        fileTotals[f] += x;
      }
      int n = weights.get(f).length;
      runs[f] = n == 0 ? 0 : (int) Math.max(1, Math.min(n, Math.round(fileTotals[f] / perRun)));
      sum += runs[f];
    }
    while (sum < k) {
      // rounding, or a file whose few row groups outweigh their share, left runs unused
      int best = -1;
      for (int f = 0; f < runs.length; f++) {
        if (runs[f] < weights.get(f).length && (best < 0
            || fileTotals[f] / runs[f] > fileTotals[best] / runs[best])) {
          best = f;
        }
      }
      if (best < 0) {
        break;
      }
      runs[best]++;
      sum++;
    }
    for (int f = 0; f < runs.length; f++) {
      out.add(cut(weights.get(f), runs[f]));
    }
    return out;
  }

  /** The first row group of each of {@code runs} runs of about equal weight. */
  private static int[] cut(double[] w, int runs) {
    double[] before = new double[w.length + 1];
    for (int g = 0; g < w.length; g++) {
      before[g + 1] = before[g] + w[g];
    }
    int[] starts = new int[runs];
    int g = 0;
    for (int j = 1; j < runs; j++) {
      double target = before[w.length] * j / runs;
      while (g < w.length && before[g] < target) {
        g++;
      }
      int cut = g > 0 && target - before[g - 1] < before[g] - target ? g - 1 : g;
      starts[j] = Math.min(Math.max(cut, starts[j - 1] + 1), w.length - (runs - j));
    }
    return starts;
  }

  /** The row group's uncompressed size as the footer gives it, or the sum of its chunks'. */
  private static long bytes(BlockMetaData b) {
    if (b.getTotalByteSize() > 0) {
      return b.getTotalByteSize();
    }
    long sum = 0;
    for (ColumnChunkMetaData c : b.getColumns()) {
      sum += c.getTotalUncompressedSize();
    }
    return sum;
  }
}
