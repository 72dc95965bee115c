package dev.partita.lower;

import dev.partita.agg.AggCall;
import dev.partita.exec.ExecContext;
import dev.partita.exec.SerialSchema;
import dev.partita.exec.Tasks;
import dev.partita.expr.Node;
import dev.partita.graph.Graph;
import dev.partita.graph.Task;
import dev.partita.io.sink.OutputTarget;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns optimized plans into one task graph (see {@link Lowerer} for how each node lowers) and says what
 * was built. Keys are {@code <kind>-<token>}, the token hashing the task's spec (which names its inputs,
 * files with their size and modification time included), so the same computation written twice gets the
 * same keys: graphs computed together share their work, and a disk cache finds its entries.
 *
 * <pre>{@code
 * Lowering.Lowered l = Lowering.compute(List.of(plan), ctx, options);
 * Object table = scheduler.get(l.graph(), l.outputs().get(0));
 * }</pre>
 */
public final class Lowering {

  private Lowering() {}

  /** A lowered computation: its graph, the key of each result, and how it was lowered. */
  public record Lowered(Graph graph, List<String> outputs, String explain) {}

  /**
   * Plans computed together, each into one result (a {@code Materialized}). Global aggregations over the same
   * input (the same scan, filters and projections, whatever columns each reads) share one scan: one chunk per
   * partition feeds the union of their aggregations, and each picks its own columns.
   */
  public static Lowered compute(List<Plan> plans, ExecContext ctx, LowerOptions options) {
    List<Plan> shared = shareScans(plans);
    Lowerer l = new Lowerer(ctx, options);
    List<String> outputs = new ArrayList<>();
    StringBuilder explain = new StringBuilder();
    for (Plan p : shared) {
      Stage s = l.lower(p);
      outputs.add(l.gather(s, Long.MAX_VALUE));
      explain.append(s.explain().render());
    }
    return new Lowered(l.graph(), outputs, explain.toString());
  }

  /**
   * The first {@code n} rows of a plan, as keys of tasks each collecting one partition's first {@code n}
   * rows (in partition order), so that a caller can run them one at a time and stop once it has enough.
   */
  public static Lowered head(Plan plan, ExecContext ctx, LowerOptions options, long n) {
    Lowerer l = new Lowerer(ctx, options);
    Stage s = l.lower(plan);
    List<String> parts = l.collect(s, n);
    return new Lowered(l.graph(), parts, s.explain().render());
  }

  /**
   * A graph writing each partition of a plan as part {@code i} of the write {@code target} (begun by the caller),
   * then one task committing the write once every part is written.
   */
  public static Lowered write(Plan plan, ExecContext ctx, LowerOptions options, OutputTarget target) {
    Lowerer l = new Lowerer(ctx, options);
    Stage s = l.lower(plan);
    List<Object> args = new ArrayList<>();
    args.add(target);
    for (int i = 0; i < s.size(); i++) {
      Tasks.Write spec = new Tasks.Write(s.parts().get(i), target, i, SerialSchema.of(s.schema()));
      args.add(l.task("write", spec, Task.ofN(Tasks.WRITE, Tasks.args(ctx, spec)).named("write")));
    }
    String commit = l.task("write-commit", args, Task.ofN(Tasks.COMMIT, args).named("commit"));
    return new Lowered(l.graph(), List.of(commit), Explain.of("Write " + s.size() + " part files to "
        + target.dir() + " (mode " + target.mode().option() + "), committed together", s.explain()).render());
  }

  // ------------------------------------------------------------------ global aggregations sharing a scan

  private static List<Plan> shareScans(List<Plan> plans) {
    Map<Plan, List<Integer>> byInput = new LinkedHashMap<>();
    for (int i = 0; i < plans.size(); i++) {
      Plan.Aggregate agg = globalAggregate(plans.get(i));
      if (agg != null) {
        byInput.computeIfAbsent(withScanColumns(agg.child(), null), k -> new ArrayList<>()).add(i);
      }
    }
    List<Plan> out = new ArrayList<>(plans);
    byInput.forEach((input, members) -> {
      Set<Plan.Aggregate> distinct = new LinkedHashSet<>();
      Set<String> read = new LinkedHashSet<>();
      for (int i : members) {
        Plan.Aggregate a = globalAggregate(plans.get(i));
        distinct.add(a);
        collectScanColumns(a.child(), read);
      }
      if (distinct.size() < 2) {
        return;
      }
      Map<AggCall, String> columns = new LinkedHashMap<>();
      for (Plan.Aggregate a : distinct) {
        for (AggCall c : a.calls()) {
          columns.computeIfAbsent(c.withOutputName("_"), k -> "_agg" + columns.size());
        }
      }
      List<AggCall> union = new ArrayList<>();
      columns.forEach((c, name) -> union.add(c.withOutputName(name)));
      Plan child = withScanColumns(input, List.copyOf(read));
      Plan.Aggregate sharedAgg = new Plan.Aggregate(child, List.of(), union);
      for (int i : members) {
        Plan.Aggregate own = globalAggregate(plans.get(i));
        List<Node> picks = new ArrayList<>();
        for (AggCall c : own.calls()) {
          picks.add(new Node.Alias(new Node.Column(columns.get(c.withOutputName("_"))), c.outputName()));
        }
        Plan replacement = new Plan.Project(sharedAgg, picks);
        out.set(i, Plan.transformUp(plans.get(i), p -> p == own ? replacement : p));
      }
    });
    return out;
  }

  /** The aggregation of a plan that is filters and projections over one global aggregation, or null. */
  private static Plan.Aggregate globalAggregate(Plan plan) {
    Plan p = plan;
    while (p instanceof Plan.Where || p instanceof Plan.Project) {
      p = p.children().get(0);
    }
    return p instanceof Plan.Aggregate a && a.keys().isEmpty() && isChain(a.child()) ? a : null;
  }

  /** Whether {@code p} is filters and projections over one scan. */
  private static boolean isChain(Plan p) {
    while (p instanceof Plan.Where || p instanceof Plan.Project) {
      p = p.children().get(0);
    }
    return p instanceof Plan.Scan;
  }

  private static void collectScanColumns(Plan p, Set<String> out) {
    if (p instanceof Plan.Scan s) {
      out.addAll(s.readColumns());
    }
    for (Plan c : p.children()) {
      collectScanColumns(c, out);
    }
  }

  /** The same plan with its scan reading {@code columns} (null: all), so that plans differing only there match. */
  private static Plan withScanColumns(Plan p, List<String> columns) {
    return Plan.transformUp(p, n -> n instanceof Plan.Scan s ? new Plan.Scan(s.source(), columns == null ? null
        : s.source().schema().getFields().stream().map(Field::getName).filter(columns::contains).toList(),
        s.pushed()) : n);
  }
}
