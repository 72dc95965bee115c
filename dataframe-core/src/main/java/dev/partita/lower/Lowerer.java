package dev.partita.lower;

import dev.partita.exec.ExecContext;
import dev.partita.exec.Input;
import dev.partita.exec.Op;
import dev.partita.exec.Pipe;
import dev.partita.exec.SerialSchema;
import dev.partita.exec.Tasks;
import dev.partita.expr.Node;
import dev.partita.expr.DType;
import dev.partita.graph.Graph;
import dev.partita.graph.Task;
import dev.partita.io.Partition;
import dev.partita.plan.Plan;
import dev.partita.plan.SortKey;
import dev.partita.plan.Unions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Lowers an optimized plan, node by node, into stages and the graph tasks they need. Each kind of node has
 * its method (the {@link Plan.Visitor} makes the compiler list them); per-partition nodes (filters,
 * projections, limits, the probe of a broadcast join) add an operator to each partition's pipe, the others
 * add tasks (aggregation chunks and merges, shuffles, builds, sorts) and start new pipes reading their
 * results. A subtree met twice (a self-join) is lowered once.
 *
 * <pre>{@code
 * Lowerer l = new Lowerer(ctx, options);
 * Stage s = l.lower(plan);
 * String key = l.gather(s, Long.MAX_VALUE);
 * Graph g = l.graph();
 * }</pre>
 */
final class Lowerer implements Plan.Visitor<Stage> {

  /** The seed of every shuffle's hash, so that stages shuffled on the same keys line up (and need no second). */
  static final long SHUFFLE_SEED = 0;

  final ExecContext ctx;
  final LowerOptions options;
  private final Graph.Builder graph = Graph.builder();
  private final Set<String> keys = new HashSet<>();
  private final Map<Plan, Stage> memo = new HashMap<>();
  /** The keys whose value is one batch (a {@code Materialized}), which a gather need not copy. */
  private final Set<String> single = new HashSet<>();

  Lowerer(ExecContext ctx, LowerOptions options) {
    this.ctx = ctx;
    this.options = options;
  }

  Stage lower(Plan p) {
    Stage s = memo.get(p);
    if (s == null) {
      s = p.accept(this);
      memo.put(p, s);
    }
    return s;
  }

  Graph graph() {
    return graph.build();
  }

  /** Adds {@code task} under {@code prefix-<token of identity>} unless there already; returns the key. */
  String task(String prefix, Object identity, Task task) {
    String key = prefix + "-" + Graph.tokenize(identity);
    if (keys.add(key)) {
      graph.task(key, task);
    }
    return key;
  }

  /** One task per partition collecting its batches; the keys, in partition order. */
  List<String> collect(Stage s, long limit) {
    List<String> out = new ArrayList<>();
    for (Pipe p : s.parts()) {
      Tasks.Collect spec = new Tasks.Collect(p, limit, SerialSchema.of(s.schema()));
      out.add(task("chunk", spec, Task.ofN(Tasks.COLLECT, Tasks.args(ctx, spec)).named("chunk")));
    }
    return out;
  }

  /**
   * The stage's rows (at most {@code limit}) as one result (a {@code Materialized}); its key. A stage of one
   * partition is run straight into the result, one already a result is used as it is.
   */
  String gather(Stage s, long limit) {
    if (s.size() == 1 && limit == Long.MAX_VALUE && s.parts().get(0).ops().isEmpty()
        && s.parts().get(0).input() instanceof Input.FromResult r && single.contains(r.key())) {
      return r.key();
    }
    if (s.size() == 1) {
      Tasks.Collect spec = new Tasks.Collect(s.parts().get(0), limit, SerialSchema.of(s.schema()));
      return task("result", spec, Task.ofN(Tasks.RESULT, Tasks.args(ctx, spec)).named("concat"));
    }
    Tasks.Concat spec = new Tasks.Concat(collect(s, limit), limit, SerialSchema.of(s.schema()));
    return task("concat", spec, Task.ofN(Tasks.CONCAT, Tasks.args(ctx, spec)).named("concat"));
  }

  /** A one-partition stage reading the result under {@code key} (a {@code Materialized}). */
  Stage ofResult(String key, Schema schema, List<SortKey> ordering, Stage.Estimate estimate, Explain explain) {
    single.add(key);
    return new Stage(List.of(Pipe.of(new Input.FromResult(key))), schema, new Stage.Partitioning.Single(),
        ordering, estimate, explain);
  }

  /** A stage whose partition i reads the result under {@code keys[i]} (each a {@code Materialized}). */
  Stage ofResults(List<String> keys, Schema schema, Stage.Partitioning partitioning, Stage.Estimate estimate,
      Explain explain) {
    single.addAll(keys);
    List<Pipe> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(Pipe.of(new Input.FromResult(k)));
    }
    return new Stage(parts, schema, partitioning, List.of(), estimate, explain);
  }

  @Override
  public Stage scan(Plan.Scan s) {
    List<Partition> partitions = s.source().partitions(s.pushed());
    List<Pipe> parts = new ArrayList<>();
    for (Partition p : partitions) {
      parts.add(Pipe.of(new Input.FromSource(s, p)));
    }
    if (parts.isEmpty()) {
      parts.add(Pipe.of(new Input.FromSource(s, null)));
    }
    Stage.Estimate e = Estimates.scan(s, partitions);
    return new Stage(parts, s.schema(), Stage.Partitioning.of(parts.size()), List.of(), e,
        Explain.leaf(s.describe() + ": " + partitions.size() + " partition" + (partitions.size() == 1 ? "" : "s")
            + " (" + e + ")"));
  }

  @Override
  public Stage values(Plan.Values v) {
    Stage.Estimate e = new Stage.Estimate(v.data().rows(), v.data().bytes());
    return new Stage(List.of(Pipe.of(new Input.FromValues(v.data()))), v.schema(), new Stage.Partitioning.Single(),
        List.of(), e, Explain.leaf(v.describe()));
  }

  @Override
  public Stage where(Plan.Where w) {
    Stage c = lower(w.child());
    return c.then(new Op.Filter(w.condition()), c.schema(), c.partitioning(), c.estimate().scaled(0.5),
        Explain.of("Filter " + w.condition() + " (fused into each of " + c.size() + " partitions)", c.explain()));
  }

  @Override
  public Stage project(Plan.Project p) {
    Stage c = lower(p.child());
    Schema out = p.schema();
    Map<String, String> renames = new HashMap<>();
    for (Node e : p.exprs()) {
      Node bare = e instanceof Node.Alias a ? a.input() : e;
      if (bare instanceof Node.Column col) {
        renames.put(col.name(), e.outputName());
      }
    }
    Stage.Partitioning part = c.partitioning();
    if (part instanceof Stage.Partitioning.Hash h) {
      List<String> kept = new ArrayList<>();
      for (String k : h.keys()) {
        kept.add(renames.get(k));
      }
      part = kept.contains(null) ? new Stage.Partitioning.Unknown() : new Stage.Partitioning.Hash(kept, h.n(), h.seed());
    }
    List<SortKey> ordering = new ArrayList<>();
    for (SortKey k : c.ordering()) {
      if (!renames.containsKey(k.column())) {
        break;
      }
      ordering.add(new SortKey(renames.get(k.column()), k.descending(), k.nullsFirst()));
    }
    double width = (double) Estimates.rowWidth(out) / Estimates.rowWidth(c.schema());
    Stage.Estimate e = new Stage.Estimate(c.estimate().rows(), c.estimate().bytes() < 0 ? -1
        : (long) Math.ceil(c.estimate().bytes() * width));
    return c.then(new Op.Project(p.exprs()), out, part, e,
        Explain.of("Project " + p.exprs() + " (fused)", c.explain())).withOrdering(ordering);
  }

  @Override
  public Stage aggregate(Plan.Aggregate a) {
    return AggregateLowering.lower(this, a);
  }

  @Override
  public Stage join(Plan.Join j) {
    return JoinLowering.lower(this, j);
  }

  @Override
  public Stage sort(Plan.Sort s) {
    return SortLowering.sort(this, s);
  }

  @Override
  public Stage limit(Plan.Limit l) {
    if (l.child() instanceof Plan.Sort s && l.n() <= SortLowering.TOP_K_MAX) {
      return SortLowering.topK(this, s, l.n());
    }
    Stage c = lower(l.child());
    Stage limited = c.then(new Op.Limit(l.n()), c.schema(), c.partitioning(),
        new Stage.Estimate(Math.min(l.n(), c.estimate().rows() < 0 ? l.n() : c.estimate().rows()), -1),
        c.explain());
    if (c.size() == 1) {
      return new Stage(limited.parts(), c.schema(), c.partitioning(), c.ordering(), limited.estimate(),
          Explain.of("Limit " + l.n() + " (fused)", c.explain()));
    }
    String key = gather(limited, l.n());
    return ofResult(key, c.schema(), c.ordering(), limited.estimate(), Explain.of("Limit " + l.n() + ": each of "
        + c.size() + " partitions stops after " + l.n() + " rows, then the first " + l.n() + " in order", c.explain()));
  }

  @Override
  public Stage union(Plan.Union u) {
    Schema out = u.schema();
    List<Pipe> parts = new ArrayList<>();
    List<Explain> children = new ArrayList<>();
    Stage.Estimate e = new Stage.Estimate(0, 0);
    for (Plan in : u.inputs()) {
      Stage s = lower(in);
      List<Node> exprs = new ArrayList<>();
      boolean identity = true;
      for (int i = 0; i < out.getFields().size(); i++) {
        Field f = out.getFields().get(i);
        DType cast = Unions.castTo(out, f.getName(), s.schema());
        identity &= cast == null && s.schema().getFields().get(i).getName().equals(f.getName());
        exprs.add(cast == null ? new Node.Column(f.getName())
            : new Node.Alias(new Node.Cast(new Node.Column(f.getName()), cast), f.getName()));
      }
      for (Pipe p : s.parts()) {
        parts.add(identity ? p : p.then(new Op.Project(exprs)));
      }
      children.add(s.explain());
      e = e.plus(s.estimate());
    }
    return new Stage(parts, out, Stage.Partitioning.of(parts.size()), List.of(), e,
        new Explain("Union: the " + parts.size() + " partitions of " + u.inputs().size() + " inputs, in order", children));
  }
}
