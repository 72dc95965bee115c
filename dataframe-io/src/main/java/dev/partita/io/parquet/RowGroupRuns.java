package dev.partita.io.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Cuts the row groups of a source's files into partitions ({@link ParquetOptions}): each row group
 * weighs {@code max(rows / partitionRows, bytes / partitionBytes)}; the source gets
 * {@code K = max(ceil(total weight), min(row groups, MIN_PARTITIONS))} partitions' worth of
 * weight; each file gets its share of them (at least one, at most one per row group), cut where
 * the file's cumulative weight comes closest to equal shares, so its runs weigh about the same.
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
    for (double[] w : weights) {
      if (w.length == 0) {
        out.add(new int[0]);
        continue;
      }
      double[] before = new double[w.length + 1];
      for (int g = 0; g < w.length; g++) {
        before[g + 1] = before[g] + w[g];
      }
      double fileTotal = before[w.length];
      int runs = (int) Math.max(1, Math.min(w.length, Math.round(fileTotal / perRun)));
      int[] starts = new int[runs];
      int g = 0;
      for (int j = 1; j < runs; j++) {
        double target = fileTotal * j / runs;
        while (g < w.length && before[g] < target) {
          g++;
        }
        int cut = g > 0 && target - before[g - 1] < before[g] - target ? g - 1 : g;
        starts[j] = Math.min(Math.max(cut, starts[j - 1] + 1), w.length - (runs - j));
      }
      out.add(starts);
    }
    return out;
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
