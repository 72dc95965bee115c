package dev.partita.lower;

import dev.partita.agg.AggCall;
import dev.partita.agg.Aggregations;
import dev.partita.expr.Node;
import dev.partita.exec.GroupEstimate;
import dev.partita.exec.Input;
import dev.partita.exec.Op;
import dev.partita.exec.Pipe;
import dev.partita.exec.SerialSchema;
import dev.partita.exec.Tasks;
import dev.partita.graph.Task;
import dev.partita.io.Partition;
import dev.partita.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Lowers a group-by (dask's apply-concat-apply, and its shuffle for many groups):
 * <ul>
 *   <li>one partition, or partitions already hash-split on the keys: each aggregated whole, in one task;</li>
 *   <li>few groups: a partial state per partition (its chunk task fuses the scan, filters and projections),
 *       a tree of combines ({@code splitEvery} inputs each, in partition order, so results do not depend on
 *       the thread count), one finalize;</li>
 *   <li>many groups ({@code splitOut}, or a sample's estimate): each chunk's state goes through the shuffle,
 *       split by key hash and flushed whenever it passes the task's budget, and each bucket is merged and
 *       finalized by one task, so no task holds more than a bucket's groups. Aggregations that keep values
 *       per row (exact quantiles, distinct counts) have no compact state: their input rows are shuffled
 *       instead and each bucket aggregated whole.</li>
 * </ul>
 */
final class AggregateLowering {

  private AggregateLowering() {}

  static Stage lower(Lowerer l, Plan.Aggregate a) {
    Stage in = l.lower(a.child());
    Schema out = a.schema();
    SerialSchema input = SerialSchema.of(in.schema());
    Stage.Estimate groupsEstimate = a.keys().isEmpty() ? new Stage.Estimate(1, Estimates.rowWidth(out))
        : in.estimate();
    if (in.size() == 1 || alreadySplit(in, a)) {
      List<String> results = new ArrayList<>();
      for (Pipe p : in.parts()) {
        Tasks.AggChunk spec = chunk(p, a, input);
        results.add(l.task("aggregate", spec, Task.ofN(Tasks.AGGREGATE_ALL, Tasks.args(l.ctx, spec)).named("finalize")));
      }
      Stage.Partitioning part = in.size() == 1 ? new Stage.Partitioning.Single() : in.partitioning();
      return l.ofResults(results, out, part, groupsEstimate, Explain.of(a.describe() + ": each of " + in.size()
          + " partition" + (in.size() == 1 ? "" : "s (already split by key)") + " aggregated whole", in.explain()));
    }
    if (a.keys().isEmpty()) {
      return tree(l, in, a, input, out, groupsEstimate, "");
    }
    int n = a.splitOut();
    String why = "splitOut=" + n;
    long groupsPerPart = 0;
    if (n == 0) {
      Choice c = choose(l, in, a);
      n = c.buckets();
      why = c.why();
      groupsPerPart = c.groupsPerPart();
    }
    if (n <= 1) {
      return tree(l, in, a, input, out, groupsEstimate, why.isEmpty() ? "" : "; " + why);
    }
    return shuffled(l, in, a, input, out, n, why, groupsPerPart);
  }

  /** Whether {@code in} is already hash-partitioned on exactly the group keys. */
  private static boolean alreadySplit(Stage in, Plan.Aggregate a) {
    return !a.keys().isEmpty() && in.partitioning() instanceof Stage.Partitioning.Hash h
        && new HashSet<>(h.keys()).equals(new HashSet<>(a.keys()));
  }

  private static Tasks.AggChunk chunk(Pipe p, Plan.Aggregate a, SerialSchema input) {
    return new Tasks.AggChunk(p, a.keys(), a.calls(), input, codedKeys(p, a, input.get()));
  }

  /**
   * The string and integer keys the scan may hand over as dictionary codes, which the group tables map once
   * per dictionary entry instead of hashing every row's bytes (db-benchmark's q1 on Parquet went from 5.0-6.3
   * to 1.5-2.7 times DuckDB's time) or gathering every row's integer from the dictionary. Only where nothing but the grouping sees the column: the pipe reads a
   * source, no aggregation reads the key, and its operators only carry the column along: filters that do not
   * read it, projections that pass it on as it is, limits. TPC-H Q1 filters and projects lineitem before
   * grouping by two string columns, whose byte-by-byte hashing was 12% of its profile on Parquet.
   */
  private static Set<String> codedKeys(Pipe p, Plan.Aggregate a, Schema input) {
    Set<String> coded = new HashSet<>();
    if (!(p.input() instanceof Input.FromSource)) {
      return coded;
    }
    for (String k : a.keys()) {
      ArrowType t = input.findField(k).getType();
      if (t.getTypeID() == ArrowTypeID.Utf8
          || t instanceof ArrowType.Int i && i.getIsSigned() && i.getBitWidth() >= 32) {
        coded.add(k);
      }
    }
    for (AggCall c : a.calls()) {
      c.inputs().forEach(coded::remove);
    }
    for (Op op : p.ops()) {
      coded.removeIf(k -> !carries(op, k));
    }
    return coded;
  }

  /** Whether {@code op} passes column {@code k} on untouched and reads nothing of it. */
  private static boolean carries(Op op, String k) {
    if (op instanceof Op.Filter f) {
      return !Node.columns(f.condition()).contains(k);
    }
    if (op instanceof Op.Project pr) {
      boolean passed = false;
      for (Node e : pr.exprs()) {
        if (e instanceof Node.Column c && c.name().equals(k)) {
          passed = true;
        } else if (Node.columns(e).contains(k) || e.outputName().equals(k)) {
          return false;
        }
      }
      return passed;
    }
    return op instanceof Op.Limit;
  }

  private static Stage tree(Lowerer l, Stage in, Plan.Aggregate a, SerialSchema input, Schema out,
      Stage.Estimate estimate, String why) {
    List<String> level = new ArrayList<>();
    for (Pipe p : in.parts()) {
      Tasks.AggChunk spec = chunk(p, a, input);
      level.add(l.task("chunk", spec, Task.ofN(Tasks.AGGREGATE, Tasks.args(l.ctx, spec)).named("chunk")));
    }
    int chunks = level.size();
    int depth = 0;
    int splitEvery = l.options.splitEvery();
    while (level.size() > 1) {
      depth++;
      List<String> next = new ArrayList<>();
      for (int j = 0; j * splitEvery < level.size(); j++) {
        List<String> group = level.subList(j * splitEvery, Math.min(level.size(), (j + 1) * splitEvery));
        List<Object> args = new ArrayList<>();
        args.add(l.ctx);
        args.add(a.keys().size());
        args.addAll(group);
        next.add(l.task("combine", group, Task.ofN(Tasks.COMBINE, args).named("combine")));
      }
      level = next;
    }
    String root = level.get(0);
    String key = l.task("finalize", root, Task.of(Tasks.FINISH, l.ctx, root).named("finalize"));
    return l.ofResult(key, out, List.of(), estimate, Explain.of(a.describe() + ": " + chunks
        + " partial states (fused into the partitions' tasks), a combine tree (splitEvery=" + splitEvery + ", depth "
        + depth + "), one finalize" + why, in.explain()));
  }

  private static Stage shuffled(Lowerer l, Stage in, Plan.Aggregate a, SerialSchema input, Schema out, int n,
      String why, long groupsPerPart) {
    boolean states = hasArrowStates(a, in.schema());
    List<String> maps = new ArrayList<>();
    for (Pipe p : in.parts()) {
      Tasks.AggChunk chunk = chunk(p, a, input);
      if (states) {
        Tasks.AggShuffle spec = new Tasks.AggShuffle(chunk, n, Lowerer.SHUFFLE_SEED, groupsPerPart);
        maps.add(l.task("shuffle", spec, Task.ofN(Tasks.AGGREGATE_SHUFFLE, Tasks.args(l.ctx, spec)).named("shuffle")));
      } else {
        Tasks.HashShuffle spec = new Tasks.HashShuffle(p, a.keys(), n, Lowerer.SHUFFLE_SEED);
        maps.add(l.task("shuffle", spec, Task.ofN(Tasks.SHUFFLE, Tasks.args(l.ctx, spec)).named("shuffle")));
      }
    }
    List<String> buckets = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      if (states) {
        Tasks.AggMerge spec = new Tasks.AggMerge(maps, b, a.keys(), a.calls(), input);
        buckets.add(l.task("merge", spec, Task.ofN(Tasks.MERGE_BUCKET, Tasks.args(l.ctx, spec)).named("finalize")));
      } else {
        Tasks.AggChunk spec = new Tasks.AggChunk(Pipe.of(new Input.FromShuffle(maps, b)), a.keys(), a.calls(), input,
            Set.of());
        buckets.add(l.task("aggregate", spec, Task.ofN(Tasks.AGGREGATE_ALL, Tasks.args(l.ctx, spec)).named("finalize")));
      }
    }
    return l.ofResults(buckets, out, new Stage.Partitioning.Hash(a.keys(), n, Lowerer.SHUFFLE_SEED), in.estimate(),
        Explain.of(a.describe() + ": split by key hash into " + n + " buckets (" + why + "); " + in.size()
            + (states ? " partial states flushed to the shuffle by key, one merge and finalize per bucket"
            : " partitions' rows shuffled by key (these aggregations keep values per row), each bucket aggregated"),
            in.explain()));
  }

  private static boolean hasArrowStates(Plan.Aggregate a, Schema input) {
    for (AggCall c : a.calls()) {
      Field f = c.column() == null ? null : input.findField(c.column());
      if (!Aggregations.hasArrowState(c, f)) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many buckets, and why: from samples of the first and last partitions when they read only files, which
   * also give the groups a partition is expected to hold (0 when not sampled).
   */
  private record Choice(int buckets, String why, long groupsPerPart) {}

  private static Choice choose(Lowerer l, Stage in, Plan.Aggregate a) {
    Pipe first = in.parts().get(0);
    List<Partition> partitions = new ArrayList<>();
    for (Pipe p : in.parts()) {
      if (p.input() instanceof Input.FromSource s && s.partition() != null && p.readsOnlyFiles()) {
        partitions.add(s.partition());
      }
    }
    if (partitions.size() == in.size() && !partitions.isEmpty()) {
      GroupEstimate e;
      try {
        Pipe last = in.size() > 1 ? in.parts().get(in.size() - 1) : null;
        e = GroupEstimate.of(l.ctx, first, last, partitions, a.keys(), a.calls(), in.schema());
      } catch (RuntimeException ex) {
        throw ex;
      } catch (Exception ex) {
        throw new UncheckedIOException(new IOException("cannot sample " + partitions.get(0).describe()
            + " to estimate the number of groups", ex));
      }
      int n = e.splitOut();
      if (n == 1 && e.statesToDisk(in.size(), l.options.splitEvery(), l.options.threads())) {
        return new Choice(Math.max(4, 2 * l.options.threads()), e.describe()
            + "; the partial states would not fit in memory together", e.groupsPerPartition(in.size()));
      }
      return new Choice(n, e.describe(), e.groupsPerPartition(in.size()));
    }
    long rows = in.estimate().rows();
    if (rows >= 0 && rows <= GroupEstimate.GROUPS_PER_BUCKET) {
      return new Choice(1, "", 0);
    }
    int n = rows < 0 ? Math.min(GroupEstimate.MAX_SPLIT_OUT, in.size())
        : (int) Math.min(GroupEstimate.MAX_SPLIT_OUT, Math.max(2,
            Long.highestOneBit(Math.max(1, (rows + GroupEstimate.GROUPS_PER_BUCKET - 1) / GroupEstimate.GROUPS_PER_BUCKET - 1)) << 1));
    return new Choice(n, "the input is computed, not sampled: up to " + (rows < 0 ? "an unknown number of"
        : String.format(java.util.Locale.ROOT, "%,d", rows)) + " groups", 0);
  }
}
