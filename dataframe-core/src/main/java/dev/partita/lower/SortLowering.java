package dev.partita.lower;

import dev.partita.exec.Input;
import dev.partita.exec.Pipe;
import dev.partita.exec.SerialSchema;
import dev.partita.exec.Tasks;
import dev.partita.graph.Task;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Lowers ordering:
 * <ul>
 *   <li>a sort of one partition sorts it inside the task that reads it (in memory, or as sorted runs on disk
 *       merged k-way when it does not fit);</li>
 *   <li>a sort of several: each partition's keys sampled, bounds chosen at the sample's quantiles, rows
 *       range-shuffled, each range sorted as above; range i holds keys below range i + 1's, so the partitions
 *       in order are the rows in order (a write names its parts so);</li>
 *   <li>the first n rows of a sort (n up to {@link #TOP_K_MAX}): each partition keeps its first n in a task,
 *       and one task merges them; no shuffle.</li>
 * </ul>
 * Every step keeps equal keys in their input order (partition, then row), so the result does not depend on
 * the thread count.
 */
final class SortLowering {

  /** The largest limit over a sort computed as a top-n per partition rather than a full sort. */
  static final long TOP_K_MAX = 100_000;
  /** Sampled keys per partition. */
  private static final int SAMPLE_ROWS = 1_000;
  /** The most ranges a sort is split into. */
  private static final int MAX_RANGES = 256;

  private SortLowering() {}

  static Stage sort(Lowerer l, Plan.Sort s) {
    Stage c = l.lower(s.child());
    if (c.size() == 1) {
      return new Stage(List.of(Pipe.of(new Input.Sorted(s.keys(), c.parts().get(0)))), c.schema(),
          new Stage.Partitioning.Single(), s.keys(), c.estimate(),
          Explain.of("Sort " + s.keys() + ": the one partition sorted where it is read (in memory, or in runs"
              + " on disk merged)", c.explain()));
    }
    int ranges = ranges(l, c);
    List<String> keyNames = new ArrayList<>();
    List<Field> keyFields = new ArrayList<>();
    for (SortKey k : s.keys()) {
      if (!keyNames.contains(k.column())) {
        keyNames.add(k.column());
        keyFields.add(c.schema().findField(k.column()));
      }
    }
    List<String> samples = new ArrayList<>();
    for (Pipe p : c.parts()) {
      Tasks.Sample spec = new Tasks.Sample(keysOnly(p, keyNames), keyNames, SAMPLE_ROWS);
      samples.add(l.task("sample", spec, Task.ofN(Tasks.SAMPLE, Tasks.args(l.ctx, spec)).named("sample")));
    }
    Tasks.Bounds b = new Tasks.Bounds(samples, s.keys(), ranges, SerialSchema.of(new Schema(keyFields)));
    String bounds = l.task("bounds", b, Task.ofN(Tasks.BOUNDS, Tasks.args(l.ctx, b)).named("bounds"));
    List<String> maps = new ArrayList<>();
    for (Pipe p : c.parts()) {
      Tasks.RangeShuffle spec = new Tasks.RangeShuffle(p, s.keys(), bounds, ranges);
      maps.add(l.task("shuffle", spec, Task.ofN(Tasks.RANGE_SHUFFLE, Tasks.args(l.ctx, spec)).named("shuffle")));
    }
    List<Pipe> parts = new ArrayList<>();
    for (int r = 0; r < ranges; r++) {
      parts.add(Pipe.of(new Input.Sorted(s.keys(), Pipe.of(new Input.FromShuffle(maps, r)))));
    }
    return new Stage(parts, c.schema(), new Stage.Partitioning.Range(s.keys(), ranges), s.keys(), c.estimate(),
        Explain.of("Sort " + s.keys() + ": " + c.size() + " partitions sampled (" + SAMPLE_ROWS + " keys each),"
            + " range-shuffled into " + ranges + " ranges, each sorted where it is read", c.explain()));
  }

  /**
   * A pipe reading only {@code keys} when {@code p} is a bare scan of them (a sample needs nothing else, and a
   * Parquet scan then skips the other columns); {@code p} itself otherwise.
   */
  private static Pipe keysOnly(Pipe p, List<String> keys) {
    if (p.ops().isEmpty() && p.input() instanceof Input.FromSource s && s.scan().readColumns().containsAll(keys)) {
      return Pipe.of(new Input.FromSource(new Plan.Scan(s.scan().source(), keys, s.scan().pushed()), s.partition()));
    }
    return p;
  }

  /**
   * Enough ranges that a range's rows fit a task's sort budget, at least two per thread (one per input
   * partition when the size is unknown); at most 256. More ranges than that only cost: every map task splits
   * its rows into each of them.
   */
  private static int ranges(Lowerer l, Stage c) {
    long bytes = c.estimate().bytes();
    long perRange = Math.max(1, l.ctx.stateBudget() / 4);
    long want = bytes < 0 ? c.size() : Math.max(2L * l.options.threads(), (bytes + perRange - 1) / perRange);
    return (int) Math.min(MAX_RANGES, Math.max(1, want));
  }

  static Stage topK(Lowerer l, Plan.Sort s, long n) {
    Stage c = l.lower(s.child());
    SerialSchema schema = SerialSchema.of(c.schema());
    List<String> tops = new ArrayList<>();
    for (Pipe p : c.parts()) {
      Tasks.TopK spec = new Tasks.TopK(p, s.keys(), n, schema);
      tops.add(l.task("chunk", spec, Task.ofN(Tasks.TOP_K, Tasks.args(l.ctx, spec)).named("chunk")));
    }
    Tasks.TopKMerge m = new Tasks.TopKMerge(tops, s.keys(), n, schema);
    String key = l.task("topk", m, Task.ofN(Tasks.TOP_K_MERGE, Tasks.args(l.ctx, m)).named("finalize"));
    return l.ofResult(key, c.schema(), s.keys(), new Stage.Estimate(n, -1),
        Explain.of("Limit " + n + " of Sort " + s.keys() + ": the first " + n + " rows of each of " + c.size()
            + " partitions (fused into its task), merged by one task; no shuffle", c.explain()));
  }
}
