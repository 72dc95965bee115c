package dev.partita.exec;

import dev.partita.agg.AggCall;
import dev.partita.agg.AggState;
import dev.partita.agg.AggStates;
import dev.partita.agg.HashAggregator;
import dev.partita.io.Partition;
import dev.partita.io.csv.CsvPartition;
import dev.partita.io.fs.Storage;
import dev.partita.io.parquet.ParquetPartition;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How many groups a grouped aggregation is expected to have, for choosing {@code splitOut} when the user
 * did not: the first rows of the first partition's pipeline output and, when there are several partitions,
 * of the last one are aggregated, {@link #SAMPLE_ROWS} rows in all, and the samples' distinct keys are scaled
 * to the total row count (Parquet: footer row counts; uncompressed CSV: bytes divided by the bytes per line of
 * the file's first MiB; otherwise the sample's partition times the number of partitions) by the method of
 * moments for equally frequent keys, i.e. the D with {@code D * (1 - (1 - n/N)^(N/D)) = d}. That assumes rows
 * are not ordered by key, which the two samples check: rows in key order (TPC-H's lineitem by l_orderkey)
 * show no key in both, and then the groups are taken to grow with the rows ({@link #clustered}). A skewed key
 * distribution makes the estimate low.
 *
 * <pre>{@code
 * GroupEstimate e = GroupEstimate.of(ctx, firstPipe, lastPipe, partitions, keys, calls, inputSchema);
 * int n = e.splitOut();
 * }</pre>
 */
public record GroupEstimate(long groups, long sampleRows, long sampleGroups, long totalRows, long bytesPerGroup,
    long bytesPerRow, long stateBudget, boolean ordered) {

  /** Rows read to estimate, in all: one default batch. */
  public static final int SAMPLE_ROWS = 65_536;
  /** The groups one bucket is meant to hold. */
  public static final long GROUPS_PER_BUCKET = 1_000_000;
  /** The most buckets chosen automatically. */
  public static final int MAX_SPLIT_OUT = 64;

  private static final int CSV_PROBE_BYTES = 1 << 20;

  /**
   * Runs {@code first} (the first partition's pipe, which reads only files) and {@code last} (the last
   * partition's, or null when there is one partition) up to {@link #SAMPLE_ROWS} rows in all into the
   * aggregation, and estimates its groups over all of {@code partitions} and the state bytes per group, to be
   * held within {@code ctx}'s state budget.
   */
  public static GroupEstimate of(ExecContext ctx, Pipe first, Pipe last, List<Partition> partitions,
      List<String> keys, List<AggCall> calls, Schema input) throws Exception {
    int perSample = last == null ? SAMPLE_ROWS : SAMPLE_ROWS / 2;
    long[] rows = new long[2];
    AggState head = sample(ctx, first, perSample, keys, calls, input, rows, 0);
    AggState tail = last == null ? null : tailSample(ctx, last, perSample, keys, calls, input, rows);
    AggState state = tail == null ? head : AggStates.merge(List.of(head, tail));
    long sampled = rows[0] + rows[1];
    long total = totalRows(partitions, sampled);
    int groups = state.groupCount();
    long moment = estimate(sampled, groups, total);
    long corrected = tail == null ? moment
        : clustered(head.groupCount(), tail.groupCount(), groups, sampled, total, moment);
    long perRow = state.rowBytes();
    return new GroupEstimate(corrected, sampled, groups, total, (state.sizeBytes() - perRow) / Math.max(1, groups),
        perRow / Math.max(1, sampled), ctx.stateBudget(), corrected > moment);
  }

  /**
   * The last partition's sample, or null when its rows do not read: the estimate then rests on the first
   * sample, and the error is reported by the task that reads those rows, with its key, like any other.
   */
  private static AggState tailSample(ExecContext ctx, Pipe pipe, int limit, List<String> keys, List<AggCall> calls,
      Schema input, long[] rows) throws Exception {
    try {
      return sample(ctx, pipe, limit, keys, calls, input, rows, 1);
    } catch (RuntimeException e) {
      rows[1] = 0;
      return null;
    }
  }

  /** The state of {@code pipe}'s first {@code limit} rows, whose count goes to {@code rows[slot]}. */
  private static AggState sample(ExecContext ctx, Pipe pipe, int limit, List<String> keys, List<AggCall> calls,
      Schema input, long[] rows, int slot) throws Exception {
    BufferAllocator allocator = Memory.root().newChildAllocator("group-estimate", 0, Long.MAX_VALUE);
    try (TaskRun run = new TaskRun(ctx, allocator, Map.of());
        HashAggregator h = Tasks.aggregator(keys, calls, input)) {
      pipe.run(run, Set.of(), batch -> {
        int take = (int) Math.min(batch.getRowCount(), limit - rows[slot]);
        try (batch) {
          if (take < batch.getRowCount()) {
            try (var part = Batches.slice(batch, 0, take, allocator)) {
              Tasks.feed(h, keys, calls, part);
            }
          } else {
            Tasks.feed(h, keys, calls, batch);
          }
        }
        rows[slot] += take;
        return rows[slot] < limit;
      });
      return h.finish();
    }
  }

  /**
   * {@code moment}, the estimate for rows in no particular order, checked against two samples taken far apart
   * with {@code d1} and {@code d2} distinct keys, {@code union} together, {@code n} rows in all. Rows mixed at
   * random put about {@code d1 * d2 / D} keys in both (capture-recapture); when fewer than half of that are
   * shared, the rows are ordered or clustered by key, and the groups are taken to grow with the rows, {@code
   * total * union / n}, at most the capture-recapture figure {@code d1 * d2 / shared}. At TPC-H SF10, lineitem
   * in l_orderkey order: moment 16 thousand, 15 million groups in fact, 15 million corrected.
   */
  static long clustered(long d1, long d2, long union, long n, long total, long moment) {
    long shared = d1 + d2 - union;
    double expected = (double) d1 * d2 / Math.max(1, moment);
    if (shared >= expected / 2) {
      return moment;
    }
    double linear = (double) total * union / Math.max(1, n);
    double recapture = shared == 0 ? Double.POSITIVE_INFINITY : (double) d1 * d2 / shared;
    return Math.max(moment, Math.min(total, Math.round(Math.min(linear, recapture))));
  }

  /**
   * The number of buckets: 1 when up to {@link #GROUPS_PER_BUCKET} groups are expected and their state fits
   * the budget, else the power of two (at most {@link #MAX_SPLIT_OUT}) that leaves a bucket at most that many
   * groups and at most the state budget, since a bucket's finalize holds all its groups. The state counts
   * the bytes per group and, for aggregations that keep values (an exact median), the bytes per row of all
   * the rows: db-benchmark's q6 at 10^8 rows has 10,000 groups but keeps 10^8 values.
   */
  public int splitOut() {
    long bytes = stateBytes();
    if (groups <= GROUPS_PER_BUCKET && bytes <= stateBudget) {
      return 1;
    }
    long wanted = Math.max(ceilDiv(groups, GROUPS_PER_BUCKET), ceilDiv(bytes, stateBudget));
    return (int) Math.min(MAX_SPLIT_OUT, Math.max(1, Long.highestOneBit(wanted - 1) << 1));
  }

  /**
   * Whether the chunks of an aggregation over {@code chunks} partitions should put their states on disk: the
   * states a combine tree can hold at once, each with the groups a partition draws ({@link
   * #groupsPerPartition}), and the values kept per row besides. A first-level combine holds its {@code
   * splitEvery} inputs until it ends, while the other {@code threads - 1} workers go on with the next chunks, and
   * every first-level output waits for the next level: the README's demo (100,000 string keys, 16 chunks,
   * splitEvery 8, two workers) had ten chunk states and a combine's output live at once, 170 MB of heap, where
   * counting only the first level's outputs had expected two. When that is more than a quarter of the heap (the
   * rest holds batches, merges and finalizes), chunks write their states as runs and only a finalize reads them
   * back, a run at a time. Held in the heap, db-benchmark's q6, q7 and q8 at 10^8 rows ran a 1 GiB heap out of
   * memory (q7 has a million groups and no splitOut).
   */
  public boolean statesToDisk(int chunks, int splitEvery, int threads) {
    return statesToDisk(chunks, splitEvery, threads, Runtime.getRuntime().maxMemory());
  }

  boolean statesToDisk(int chunks, int splitEvery, int threads, long heapBytes) {
    long states = Math.min(chunks, splitEvery + threads) + ceilDiv(chunks, splitEvery);
    long held = totalRows * bytesPerRow + states * groupsPerPartition(chunks) * bytesPerGroup;
    return held > heapBytes / 4;
  }

  /**
   * The groups one of {@code partitions} equal partitions is expected to hold, its rows drawn from all the groups
   * alike: {@code D (1 - e^(-r/D))} for {@code r} rows a partition and {@code D} groups.
   */
  public long groupsPerPartition(int partitions) {
    double d = Math.max(1, groups);
    double r = (double) totalRows / Math.max(1, partitions);
    return Math.round(d * -Math.expm1(-r / d));
  }

  private long stateBytes() {
    return groups * bytesPerGroup + totalRows * bytesPerRow;
  }

  /**
   * For {@code explain()}, e.g. {@code auto: ~9.8M groups expected from a 65,536-row sample}, followed by
   * {@code , ~85 B/group for a 16 MB state budget} when the budget asks for more buckets than the groups
   * (with {@code  + ~12 B/row} when the state keeps values per row).
   */
  public String describe() {
    String g = groups >= 1_000_000 ? String.format(Locale.ROOT, "%.1fM", groups / 1e6)
        : String.format(Locale.ROOT, "%,d", groups);
    String out = String.format(Locale.ROOT, "auto: ~%s groups expected from a %,d-row sample%s", g, sampleRows,
        ordered ? " (rows in key order: no key in both the first and the last partition's rows)" : "");
    if (stateBytes() > stateBudget * ceilDiv(groups, GROUPS_PER_BUCKET)) {
      out += String.format(Locale.ROOT, ", ~%d B/group%s for a %d MB state budget", bytesPerGroup,
          bytesPerRow > 0 ? String.format(Locale.ROOT, " + ~%d B/row", bytesPerRow) : "", stateBudget >> 20);
    }
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** The D solving {@code D * (1 - (1 - n/N)^(N/D)) = d} in [d, N], by bisection (the left side grows with D). */
  static long estimate(long n, long d, long total) {
    if (n == 0 || total <= n || d >= n) {
      return total <= n ? d : total;
    }
    double q = (double) n / total;
    double lo = d;
    double hi = total;
    for (int i = 0; i < 64; i++) {
      double mid = (lo + hi) / 2;
      if (mid * -Math.expm1(total / mid * Math.log1p(-q)) < d) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.round(hi);
  }

  private static long totalRows(List<Partition> partitions, long sampleRows) throws IOException {
    if (partitions.stream().allMatch(p -> p instanceof ParquetPartition)) {
      return partitions.stream().mapToLong(p -> ((ParquetPartition) p).rowCount()).sum();
    }
    if (partitions.stream().allMatch(p -> p instanceof CsvPartition)) {
      CsvPartition first = (CsvPartition) partitions.get(0);
      byte[] probe = new byte[(int) Math.min(CSV_PROBE_BYTES, first.end() - first.start())];
      int read = 0;
      try (InputStream in = Storage.openStream(first.file(), first.start())) {
        for (int k; read < probe.length && (k = in.read(probe, read, probe.length - read)) > 0; ) {
          read += k;
        }
      }
      long lines = 0;
      for (int i = 0; i < read; i++) {
        lines += probe[i] == '\n' ? 1 : 0;
      }
      if (lines > 0) {
        long bytes = partitions.stream().mapToLong(p -> ((CsvPartition) p).end() - ((CsvPartition) p).start()).sum();
        return Math.max(sampleRows, Math.round((double) bytes * lines / read));
      }
    }
    return sampleRows * partitions.size();
  }
}
