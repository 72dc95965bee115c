package dev.partita.lower;

import dev.partita.AnalysisException;
import dev.partita.exec.Chunks;
import dev.partita.exec.ExecContext;
import dev.partita.exec.Pipeline;
import dev.partita.graph.Graph;
import dev.partita.graph.Task;
import dev.partita.io.Partition;
import dev.partita.plan.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lowers an optimized plan to a task graph, dask's apply-concat-apply: one fused task per
 * partition (scan, filters, projections and the partial aggregation together), a tree of combines
 * ({@code splitEvery} inputs each, in partition order, so results do not depend on thread count),
 * and a finalize task producing the result. Keys are {@code name-chunk-<token>-i},
 * {@code name-combine-<token>-level-j} and {@code name-<token>}, where the token hashes the plan
 * and the partitions (file path, size, modification time, range): the same computation written
 * twice gets the same keys.
 *
 * <pre>{@code
 * Lowered l = Lowering.lower(Optimizer.optimize(plan), "mean", ctx, 8);
 * Object table = scheduler.get(l.graph(), l.outputKey());
 * }</pre>
 */
public final class Lowering {

  private Lowering() {}

  /** A lowered plan: its graph, the key of the final result, and the per-partition task keys. */
  public record Lowered(Graph graph, String outputKey, List<String> chunkKeys, boolean aggregated,
      String explain) {}

  public static Lowered lower(Plan plan, String name, ExecContext ctx, int splitEvery) {
    List<Plan> above = new ArrayList<>();
    Plan.Aggregate agg = null;
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; ; p = p.children().get(0)) {
      if (p instanceof Plan.Scan) {
        break;
      }
      chain.add(p);
      if (p instanceof Plan.Aggregate) {
        agg = (Plan.Aggregate) p;
        above.addAll(chain);
        chain.clear();
      }
    }
    Plan.Scan scan = scan(plan);
    Collections.reverse(above);
    Collections.reverse(chain);
    Plan pipelineTop = agg != null ? agg.child() : plan;
    if (chain.stream().anyMatch(p -> p instanceof Plan.Sort)) {
      throw new AnalysisException("sorting before an aggregation is not supported",
          "sort the aggregated result instead");
    }
    Pipeline pipeline = new Pipeline(scan, chain, pipelineTop);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String base = Graph.tokenize(agg != null ? agg : pipelineTop, partitions);
    String token = Graph.tokenize(plan, partitions);
    Graph.Builder g = Graph.builder();
    List<String> chunks = new ArrayList<>();
    List<Partition> inputs = partitions.isEmpty() ? Collections.singletonList(null) : partitions;
    StringBuilder explain = new StringBuilder();
    String outputKey = name + "-" + token;
    if (agg != null) {
      List<Plan> post = above.subList(1, above.size());
      Chunks.AggChunk spec = new Chunks.AggChunk(pipeline, agg);
      for (int i = 0; i < inputs.size(); i++) {
        String key = name + "-chunk-" + base + "-" + i;
        g.task(key, Task.of(Chunks.AGGREGATE, ctx, spec, inputs.get(i)).named("chunk"));
        chunks.add(key);
      }
      List<String> level = chunks;
      int depth = 0;
      while (level.size() > 1) {
        depth++;
        List<String> next = new ArrayList<>();
        for (int j = 0; j * splitEvery < level.size(); j++) {
          List<String> group = level.subList(j * splitEvery, Math.min(level.size(), (j + 1) * splitEvery));
          String key = name + "-combine-" + base + "-" + depth + "-" + j;
          g.task(key, Task.ofN(Chunks.COMBINE, group).named("combine"));
          next.add(key);
        }
        level = next;
      }
      g.task(outputKey, Task.of(Chunks.FINISH, ctx, new Chunks.Finish(plan, post), level.get(0)).named("finalize"));
      explain.append("finalize ").append(outputKey).append('\n');
      for (int i = post.size() - 1; i >= 0; i--) {
        explain.append("  ").append(post.get(i).describe()).append('\n');
      }
      explain.append("  ").append(agg.describe()).append(" (final)\n");
      explain.append("  combine tree: ").append(chunks.size()).append(" partial states, splitEvery=")
          .append(splitEvery).append(", depth ").append(depth).append('\n');
      explain.append("  ").append(chunks.size()).append(" x fused task ").append(name).append("-chunk-")
          .append(base).append("-i:\n");
      explain.append("    partial ").append(agg.describe()).append('\n');
    } else {
      Chunks.Collect spec = new Chunks.Collect(pipeline, Long.MAX_VALUE);
      List<Object> args = new ArrayList<>();
      args.add(ctx);
      args.add(plan);
      for (int i = 0; i < inputs.size(); i++) {
        String key = name + "-chunk-" + base + "-" + i;
        g.task(key, Task.of(Chunks.COLLECT, ctx, spec, inputs.get(i)).named("chunk"));
        chunks.add(key);
        args.add(key);
      }
      g.task(outputKey, Task.ofN(Chunks.CONCAT, args).named("concat"));
      explain.append("concat ").append(outputKey).append('\n');
      explain.append("  ").append(chunks.size()).append(" x fused task ").append(name).append("-chunk-")
          .append(base).append("-i:\n");
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      explain.append("    ").append(chain.get(i).describe()).append('\n');
    }
    explain.append("    ").append(scan.describe()).append('\n');
    return new Lowered(g.build(), outputKey, chunks, agg != null, explain.toString());
  }

  /** A graph of per-partition collecting tasks that stop after {@code limit} rows each (for head). */
  public static Lowered head(Plan plan, String name, ExecContext ctx, long limit) {
    Plan.Scan scan = scan(plan);
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; !(p instanceof Plan.Scan); p = p.children().get(0)) {
      chain.add(p);
    }
    Collections.reverse(chain);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String token = Graph.tokenize(plan, partitions, limit);
    Chunks.Collect spec = new Chunks.Collect(new Pipeline(scan, chain, plan), limit);
    Graph.Builder g = Graph.builder();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      String key = name + "-head-" + token + "-" + i;
      g.task(key, Task.of(Chunks.COLLECT, ctx, spec, partitions.get(i)).named("head"));
      keys.add(key);
    }
    return new Lowered(g.build(), null, keys, false, "");
  }

  /**
   * A graph writing each partition of a non-aggregating plan as one part file, then a success
   * task (depending on every part) that marks the directory complete.
   */
  public static Lowered write(Plan plan, ExecContext ctx, String dir, boolean parquet) {
    Plan.Scan scan = scan(plan);
    List<Plan> chain = new ArrayList<>();
    for (Plan p = plan; !(p instanceof Plan.Scan); p = p.children().get(0)) {
      chain.add(p);
    }
    Collections.reverse(chain);
    List<Partition> partitions = scan.source().partitions(scan.pushed());
    String token = Graph.tokenize(plan, partitions, dir, parquet);
    Chunks.Write spec = new Chunks.Write(new Pipeline(scan, chain, plan), dir, parquet);
    Graph.Builder g = Graph.builder();
    List<String> keys = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    args.add(spec);
    List<Partition> inputs = partitions.isEmpty() ? Collections.singletonList(null) : partitions;
    for (int i = 0; i < inputs.size(); i++) {
      String key = "write-" + token + "-" + i;
      g.task(key, Task.of(Chunks.WRITE, ctx, spec, inputs.get(i), i).named("write"));
      keys.add(key);
      args.add(key);
    }
    String success = "write-success-" + token;
    g.task(success, Task.ofN(Chunks.SUCCESS, args).named("success"));
    return new Lowered(g.build(), success, keys, false, "");
  }

  /** The scan at the bottom of a linear plan. */
  static Plan.Scan scan(Plan plan) {
    Plan p = plan;
    while (!(p instanceof Plan.Scan)) {
      p = p.children().get(0);
    }
    return (Plan.Scan) p;
  }
}
